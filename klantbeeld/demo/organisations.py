"""The four demo organisations: name, kind, visible phone number, topics, teams and staff.

Topic ids are fixed by ``TAXONOMY.md`` (data sets, tests and evaluations refer to them).
Every organisation shows its phone number (AR-15). Staff logins follow one pattern,
``<role>.<org>``, with the password :data:`DEMO_PASSWORD`; the privacy officer has no
customer-view permission (PRIV-04), so opening a customer shows the 403 page.

BSNs are stored only by organisations with a legal basis to use them (the municipality and
the tax and benefits agency); the water company and the transport company know their
customers by customer number (PRIV-01, AR-12).
"""

from __future__ import annotations

from dataclasses import dataclass

from klantbeeld.core.constants import Channel, ProviderKind
from klantbeeld.privacy import roles

DEMO_PASSWORD = "demo-klantbeeld"  # noqa: S105 - the published demo password (docs/demo.md)
ADMIN_USERNAME = "admin"
PRIVACY_TEAM = "Privacy en informatiebeveiliging"


@dataclass(frozen=True)
class EmployeeSpec:
    """One employee. ``key`` is how stories and history refer to them; a login has a role key."""

    key: str
    first_name: str
    last_name: str
    team: str
    group: str
    has_login: bool = False

    def username(self, org_code: str) -> str:
        if self.has_login:
            return f"{self.key}.{org_code}"
        return f"{self.first_name}.{self.last_name}.{org_code}".lower().replace(" ", "")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class OrganisationSpec:
    code: str
    name: str
    kind: ProviderKind
    phone_number: str
    topics: tuple[tuple[str, str], ...]
    teams: tuple[str, ...]
    employees: tuple[EmployeeSpec, ...]
    channel_weights: tuple[tuple[Channel, int], ...]
    city: str = ""
    postcode_prefixes: tuple[int, ...] = ()
    uses_bsn: bool = False
    customer_register: str = ""

    @property
    def topic_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.topics)

    @property
    def channels(self) -> tuple[Channel, ...]:
        return tuple(channel for channel, _ in self.channel_weights)

    def employee(self, key: str) -> EmployeeSpec:
        return next(employee for employee in self.employees if employee.key == key)


def _logins(
    kcc: tuple[str, str, str], specialist: tuple[str, str, str], lead: tuple[str, str, str]
) -> tuple[EmployeeSpec, ...]:
    """The three serving logins; each tuple is (first name, last name, team)."""
    return (
        EmployeeSpec("kcc", *kcc, group=roles.FRONT_OFFICE, has_login=True),
        EmployeeSpec("specialist", *specialist, group=roles.SPECIALIST, has_login=True),
        EmployeeSpec("teamleider", *lead, group=roles.TEAM_LEAD, has_login=True),
    )


def _privacy_officer(first_name: str, last_name: str) -> EmployeeSpec:
    return EmployeeSpec(
        "fg", first_name, last_name, group=roles.PRIVACY_OFFICER, team=PRIVACY_TEAM, has_login=True
    )


def _colleague(key: str, first_name: str, last_name: str, team: str) -> EmployeeSpec:
    """A colleague without a login, so that stories can pass work between real names."""
    return EmployeeSpec(key, first_name, last_name, group=roles.SPECIALIST, team=team)


GEMEENTE = OrganisationSpec(
    code="gemeente",
    name="Gemeente Dommelstad",
    kind=ProviderKind.MUNICIPALITY,
    phone_number="088 010 0100",
    topics=(
        ("verhuizing", "Verhuizing"),
        ("reisdocument", "Paspoort en ID-kaart"),
        ("rijbewijs", "Rijbewijs"),
        ("afval", "Afval"),
        ("melding_openbare_ruimte", "Melding openbare ruimte"),
        ("parkeren", "Parkeren"),
        ("gemeentebelastingen", "Gemeentelijke belastingen"),
        ("geboorte_overlijden", "Geboorte en overlijden"),
        ("bijstand_schulden", "Bijstand en schulden"),
    ),
    teams=(
        "KCC",
        "Burgerzaken",
        "Belastingen",
        "Afval en openbare ruimte",
        "Werk en inkomen",
        PRIVACY_TEAM,
    ),
    employees=(
        *_logins(
            ("Sanne", "de Boer", "KCC"),
            ("Marieke", "van Dijk", "Burgerzaken"),
            ("Erik", "Janssen", "KCC"),
        ),
        _privacy_officer("Ruud", "Kramer"),
        _colleague("belastingen", "Linda", "Postma", "Belastingen"),
        _colleague("afval", "Jeroen", "Wolters", "Afval en openbare ruimte"),
        _colleague("werk_inkomen", "Fatima", "Bouzid", "Werk en inkomen"),
        _colleague("kcc2", "Tom", "Schipper", "KCC"),
    ),
    channel_weights=(
        (Channel.PHONE, 30),
        (Channel.COUNTER, 14),
        (Channel.EMAIL, 10),
        (Channel.PORTAL, 12),
        (Channel.WEB_CHAT, 8),
        (Channel.ASSISTANT, 8),
        (Channel.WHATSAPP, 8),
        (Channel.LETTER, 5),
        (Channel.SOCIAL, 3),
        (Channel.VIDEO, 2),
    ),
    city="Dommelstad",
    postcode_prefixes=(5611, 5612, 5613, 5614, 5615, 5616, 5617, 5621, 5622, 5623),
    uses_bsn=True,
)

WATER = OrganisationSpec(
    code="water",
    name="Waterbedrijf Rivierland",
    kind=ProviderKind.WATER,
    phone_number="088 020 0200",
    topics=(
        ("meterstand", "Meterstand"),
        ("verhuizing_water", "Verhuizen"),
        ("termijnbedrag", "Termijnbedrag"),
        ("storing_lekkage", "Storing en lekkage"),
        ("waterkwaliteit", "Waterkwaliteit"),
        ("factuur_betaling", "Factuur en betaling"),
    ),
    teams=("Klantenservice", "Storingsdienst", "Meterbeheer", "Facturatie", PRIVACY_TEAM),
    employees=(
        *_logins(
            ("Lisa", "Verhoeven", "Klantenservice"),
            ("Thijs", "van Beek", "Storingsdienst"),
            ("Monique", "Peters", "Klantenservice"),
        ),
        _privacy_officer("Hanneke", "Dijkstra"),
        _colleague("meterbeheer", "Bas", "Willems", "Meterbeheer"),
        _colleague("facturatie", "Anouk", "Timmermans", "Facturatie"),
        _colleague("kcc2", "Rik", "Meijer", "Klantenservice"),
    ),
    channel_weights=(
        (Channel.PHONE, 35),
        (Channel.EMAIL, 14),
        (Channel.PORTAL, 15),
        (Channel.WEB_CHAT, 10),
        (Channel.ASSISTANT, 10),
        (Channel.WHATSAPP, 11),
        (Channel.LETTER, 3),
        (Channel.SOCIAL, 2),
    ),
    customer_register="klantsysteem",
)

VERVOER = OrganisationSpec(
    code="vervoer",
    name="Havenstad Vervoer",
    kind=ProviderKind.TRANSPORT,
    phone_number="088 030 0300",
    topics=(
        ("abonnement", "Abonnement"),
        ("ov_chipkaart", "OV-chipkaart"),
        ("reisinformatie_storing", "Reisinformatie en storingen"),
        ("gevonden_voorwerpen", "Gevonden voorwerpen"),
        ("klacht", "Klacht"),
        ("korting_65plus", "Korting voor 65-plussers"),
    ),
    teams=("Klantenservice", "Webcare", "Reisinformatie", "Gevonden voorwerpen", PRIVACY_TEAM),
    employees=(
        *_logins(
            ("Joyce", "van den Broek", "Klantenservice"),
            ("Milan", "de Haan", "Webcare"),
            ("Sandra", "Wouters", "Klantenservice"),
        ),
        _privacy_officer("Arjan", "Post"),
        _colleague("klantenservice", "Esra", "Kaya", "Klantenservice"),
        _colleague("gevonden", "Noah", "Martens", "Gevonden voorwerpen"),
        _colleague("reisinformatie", "Tom", "Schouten", "Reisinformatie"),
    ),
    channel_weights=(
        (Channel.PHONE, 20),
        (Channel.ASSISTANT, 15),
        (Channel.WEB_CHAT, 12),
        (Channel.PORTAL, 12),
        (Channel.WHATSAPP, 12),
        (Channel.SOCIAL, 12),
        (Channel.EMAIL, 10),
        (Channel.COUNTER, 7),
    ),
    customer_register="ov-klantsysteem",
)

UITVOERING = OrganisationSpec(
    code="uitvoering",
    name="Dienst Belastingen en Toeslagen",
    kind=ProviderKind.AGENCY,
    phone_number="088 040 0400",
    topics=(
        ("aangifte", "Aangifte inkomstenbelasting"),
        ("btw", "Btw"),
        ("toeslagen", "Toeslagen"),
        ("betalingsregeling", "Betalingsregeling"),
        ("aanslag", "Aanslag"),
        ("digid_machtiging", "DigiD en machtigen"),
    ),
    teams=(
        "Klantcontact",
        "BTW-team",
        "Toeslagen",
        "Inkomstenbelasting",
        "Invordering",
        PRIVACY_TEAM,
    ),
    employees=(
        *_logins(
            ("Nadia", "Haddou", "Klantcontact"),
            ("Jan-Willem", "Vos", "BTW-team"),
            ("Ingrid", "Scholten", "Klantcontact"),
        ),
        _privacy_officer("Bert", "Huisman"),
        _colleague("toeslagen", "Anita", "Kok", "Toeslagen"),
        _colleague("inkomstenbelasting", "Stefan", "Maas", "Inkomstenbelasting"),
        _colleague("invordering", "Wendy", "Jacobs", "Invordering"),
        _colleague("kcc2", "Ricardo", "Martina", "Klantcontact"),
    ),
    channel_weights=(
        (Channel.PHONE, 40),
        (Channel.PORTAL, 15),
        (Channel.LETTER, 10),
        (Channel.ASSISTANT, 10),
        (Channel.WEB_CHAT, 8),
        (Channel.COUNTER, 5),
        (Channel.VIDEO, 5),
        (Channel.EMAIL, 3),
    ),
    uses_bsn=True,
)

ORGANISATIONS: dict[str, OrganisationSpec] = {
    spec.code: spec for spec in (GEMEENTE, WATER, VERVOER, UITVOERING)
}

ROLE_LABELS = {
    roles.FRONT_OFFICE: "Frontoffice (KCC, balie, chat)",
    roles.SPECIALIST: "Specialist / backoffice",
    roles.TEAM_LEAD: "Teamleider",
    roles.PRIVACY_OFFICER: "Privacy officer (FG) — ziet geen klantgegevens",
}
