"""The default processing register of a new organisation (AVG art. 30; PRIV-01, PRIV-02).

Each organisation gets these entries when it is created; its privacy officer can refine the
wording, categories and retention. A selector that names an activity missing from the register
is a programming error, caught by ``tests/test_catalogue.py``.
"""

from dataclasses import dataclass

from klantbeeld.privacy.constants import Activity, LegalBasis


@dataclass(frozen=True)
class RegisterEntry:
    activity: Activity
    purpose: str
    legal_basis: LegalBasis
    data_categories: str
    retention_days: int


_CONTACT_DATA = "naam, identificatienummers, adressen, contactgegevens, voorkeuren, klantcontacten"

DEFAULT_REGISTER: tuple[RegisterEntry, ...] = (
    RegisterEntry(
        Activity.CUSTOMER_SEARCH,
        "De juiste klant vinden om diens vraag te beantwoorden.",
        LegalBasis.STATUTORY_TASK,
        "naam, BSN, klantnummer, adres, e-mailadres, telefoonnummer",
        2 * 365,
    ),
    RegisterEntry(
        Activity.CUSTOMER_VIEW,
        "De klant helpen met kennis van eerdere contacten, zaken en afspraken (CV-01).",
        LegalBasis.STATUTORY_TASK,
        _CONTACT_DATA,
        2 * 365,
    ),
    RegisterEntry(
        Activity.SCREEN_POP,
        "Een beller herkennen aan het geverifieerde telefoonnummer (CV-03, TEL-04).",
        LegalBasis.STATUTORY_TASK,
        "telefoonnummer, naam",
        2 * 365,
    ),
    RegisterEntry(
        Activity.CONTACT_REGISTER,
        "Vastleggen wat de klant vroeg en wat is afgesproken, zodat niemand het opnieuw hoeft "
        "te vertellen (CV-04, AR-02).",
        LegalBasis.STATUTORY_TASK,
        _CONTACT_DATA,
        2 * 365,
    ),
    RegisterEntry(
        Activity.DATA_IMPORT,
        "Klantgegevens uit de eigen bronsystemen samenbrengen in één klantbeeld (CV-14).",
        LegalBasis.STATUTORY_TASK,
        _CONTACT_DATA,
        2 * 365,
    ),
)
