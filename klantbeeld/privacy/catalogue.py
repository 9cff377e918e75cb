"""The default processing register of a new organisation (AVG art. 30; PRIV-01, PRIV-02).

Each organisation gets these entries when it is created; its privacy officer can refine the
wording, categories and retention. A selector that names an activity missing from the register
is a programming error, caught by ``tests/test_catalogue.py``.
"""

from dataclasses import dataclass

from klantbeeld.core.constants import ProviderKind
from klantbeeld.privacy.constants import Activity, DataCategory, LegalBasis


@dataclass(frozen=True)
class RegisterEntry:
    activity: Activity
    purpose: str
    legal_basis: LegalBasis
    data_categories: str
    retention_days: int
    kinds: tuple[ProviderKind, ...] = ()  # the kinds of organisation it fits; () = all
    consent_categories: tuple[DataCategory, ...] = ()  # what a customer consents to


def entry_fields(entry: RegisterEntry) -> dict[str, object]:
    """The fields of a ProcessingActivity row for one default register entry."""
    return {
        "code": entry.activity.value,
        "name": str(entry.activity.label),
        "purpose": entry.purpose,
        "legal_basis": entry.legal_basis.value,
        "data_categories": entry.data_categories,
        "retention_days": entry.retention_days,
    }


def entries_for(kind: str) -> tuple[RegisterEntry, ...]:
    return tuple(entry for entry in DEFAULT_REGISTER if not entry.kinds or kind in entry.kinds)


def consent_categories(activity: Activity) -> tuple[DataCategory, ...]:
    return next((e.consent_categories for e in DEFAULT_REGISTER if e.activity == activity), ())


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
        Activity.CONSENT_RECORD,
        "Vastleggen welke toestemming de klant gaf of introk, en via welk kanaal (PRIV-03).",
        LegalBasis.LEGAL_OBLIGATION,
        "toestemmingen met datum, kanaal en wie ze vastlegde",
        7 * 365,
    ),
    RegisterEntry(
        Activity.REGISTER_MANAGE,
        "Het verwerkingsregister (AVG artikel 30) actueel houden.",
        LegalBasis.LEGAL_OBLIGATION,
        "geen klantgegevens; namen van medewerkers die wijzigen",
        7 * 365,
    ),
    RegisterEntry(
        Activity.LOG_AUDIT,
        "Controleren wie welke klantgegevens verwerkte en waarom, bij een vraag, klacht of "
        "steekproef (PRIV-04, PRIV-05).",
        LegalBasis.LEGAL_OBLIGATION,
        "logregels: tijdstip, doel, klant-id, medewerker-id",
        7 * 365,
    ),
    RegisterEntry(
        Activity.EMERGENCY_ACCESS,
        "Een klant buiten het eigen team helpen als dat nodig is, met een reden die de privacy "
        "officer achteraf beoordeelt (break the glass).",
        LegalBasis.STATUTORY_TASK,
        "de gegevens van het klantbeeld van die ene klant, voor korte tijd",
        7 * 365,
    ),
    RegisterEntry(
        Activity.DATA_CORRECTION,
        "Onjuiste klantgegevens corrigeren op verzoek van de klant of na een melding "
        "(AVG artikel 16).",
        LegalBasis.LEGAL_OBLIGATION,
        "naam, geboortedatum, identificatienummers, adressen, contactgegevens, voorkeuren",
        2 * 365,
    ),
    RegisterEntry(
        Activity.SUBJECT_REQUEST,
        "Verzoeken van klanten over hun gegevens afhandelen: inzage, kopie, wissen, beperken "
        "(AVG artikelen 15, 17, 18, 20).",
        LegalBasis.LEGAL_OBLIGATION,
        "alle gegevens van de verzoeker",
        7 * 365,
    ),
    RegisterEntry(
        Activity.LEAK_ALERT,
        "De klant waarschuwen als het dagelijks verbruik wijst op een lekkage (SC-01).",
        LegalBasis.CONSENT,
        "dagelijkse meterstanden",
        400,
        kinds=(ProviderKind.WATER,),
        consent_categories=(DataCategory.DAILY_USAGE,),
    ),
    RegisterEntry(
        Activity.LEAD_PIPE_ADVICE,
        "Een loodtest aanbieden aan huishoudens met jonge kinderen in oude woningen (SC-02).",
        LegalBasis.CONSENT,
        "bouwjaar woning, leeftijdsgroepen in het huishouden (nooit exacte leeftijden)",
        365,
        kinds=(ProviderKind.WATER,),
        consent_categories=(DataCategory.HOUSEHOLD_AGE_BANDS,),
    ),
    RegisterEntry(
        Activity.USAGE_COMPARISON,
        "Het verbruik laten zien naast dat van vergelijkbare huishoudens, met bespaartips (SC-05).",
        LegalBasis.CONSENT,
        "verbruik, aantal personen in het huishouden",
        365,
        kinds=(ProviderKind.WATER,),
        consent_categories=(DataCategory.DAILY_USAGE, DataCategory.HOUSEHOLD_SIZE),
    ),
    RegisterEntry(
        Activity.SUBSCRIPTION_ADVICE,
        "Laten weten wanneer een ander abonnement beter past bij hoe de klant reist (SC-07, SC-08).",
        LegalBasis.CONSENT,
        "reisgeschiedenis van de afgelopen drie maanden",
        120,
        kinds=(ProviderKind.TRANSPORT,),
        consent_categories=(DataCategory.TRAVEL_HISTORY,),
    ),
    RegisterEntry(
        Activity.NEIGHBOURHOOD_UPDATES,
        "Berichten over plannen in de eigen wijk, zoals de energietransitie (SC-19).",
        LegalBasis.CONSENT,
        "wijk van het woonadres",
        365,
        kinds=(ProviderKind.MUNICIPALITY,),
        consent_categories=(DataCategory.NEIGHBOURHOOD,),
    ),
    RegisterEntry(
        Activity.DATA_IMPORT,
        "Klantgegevens uit de eigen bronsystemen samenbrengen in één klantbeeld (CV-14).",
        LegalBasis.STATUTORY_TASK,
        _CONTACT_DATA,
        2 * 365,
    ),
)
