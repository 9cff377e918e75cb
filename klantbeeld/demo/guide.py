"""What the demo prints at the end: the logins and a few things to try (docs/demo.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from klantbeeld.demo.organisations import (
    ADMIN_USERNAME,
    DEMO_PASSWORD,
    ORGANISATIONS,
    ROLE_LABELS,
)

BASE_URL = "http://127.0.0.1:8000"
LOGIN_URL = f"{BASE_URL}/inloggen/"
SCREEN_POP_PHONE = "+31612345601"  # Gerrit Bosman, water (SC-01), a verified number


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    organisation: str


def logins_for(codes: Sequence[str]) -> list[Login]:
    logins = [Login(ADMIN_USERNAME, "Platformbeheerder (superuser)", "—")]
    for code in codes:
        spec = ORGANISATIONS[code]
        logins += [
            Login(employee.username(code), ROLE_LABELS[employee.group], spec.name)
            for employee in spec.employees
            if employee.has_login
        ]
    return logins


def logins_table(logins: Sequence[Login]) -> list[str]:
    header = Login("Gebruikersnaam", "Rol", "Organisatie")
    rows = [header, *logins]
    user_width = max(len(row.username) for row in rows)
    role_width = max(len(row.role) for row in rows)
    password_width = max(len(DEMO_PASSWORD), len("Wachtwoord"))
    lines = []
    for index, row in enumerate(rows):
        password = "Wachtwoord" if index == 0 else DEMO_PASSWORD
        lines.append(
            f"{row.username:<{user_width}}  {password:<{password_width}}  "
            f"{row.role:<{role_width}}  {row.organisation}"
        )
        if index == 0:
            lines.append("-" * len(lines[0]))
    return lines


_HINTS = {
    "gemeente": (
        "Log in als kcc.gemeente en zoek 'Verbeek': mevrouw Verbeek verloor net haar man. Zie de "
        "vaste contactpersoon, de open afspraken en de gemoedstoestand 'verdrietig'."
    ),
    "water": (
        "Screen-pop: log in als kcc.water en open /workspace/lookup?phone=%2B31612345601 "
        "(Gerrit Bosman, SC-01 mogelijke lekkage)."
    ),
    "uitvoering": (
        "Log in als kcc.uitvoering en zoek 'Demir Schilderwerken' of KvK 90123456: een btw-vraag "
        "die drie keer werd doorverbonden (SC-12)."
    ),
    "vervoer": (
        "Log in als kcc.vervoer en zoek 'Leeuwen': een Facebook-vraag die via WhatsApp door één "
        "medewerker is afgehandeld (SC-35)."
    ),
}
_LEAD_HINT = (
    "Log in als teamleider.gemeente en zoek 'Doelwijt' (SC-23: zaak langs vijf medewerkers in "
    "vier teams) en 'Brouwer' (SC-24: zaak staat 42 dagen stil)."
)


def hints_for(codes: Sequence[str]) -> list[str]:
    """Three to five things to try, for the organisations that were asked for."""
    hints = [_HINTS[code] for code in ("gemeente", "water") if code in codes]
    if "gemeente" in codes:
        hints.append(_LEAD_HINT)
    hints.append(
        f"Log in als fg.{codes[0]}: het verwerkingsregister, het logboek (wie keek bij welke klant, "
        "en waarom), noodtoegang beoordelen en verzoeken van klanten (inzage als PDF, wissen, "
        "beperken). Een klant openen kan de privacy officer niet: dat geeft de 403-pagina."
    )
    hints += [_HINTS[code] for code in ("uitvoering", "vervoer") if code in codes]
    return hints[:5]
