"""Processing activities, legal bases and operations (PRIV-01, PRIV-05; Logboek Dataverwerkingen).

Every read or write of personal data names one :class:`Activity`. An activity is at the same
time a permission (``privacy.<code>``): a role may use a purpose or it may not, so the
authorisation check and the purpose binding are one check.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.TextChoices):
    CUSTOMER_SEARCH = "customer_search", _("Klant zoeken om een vraag te beantwoorden")
    CUSTOMER_VIEW = "customer_view", _("Klantbeeld inzien om de klant te helpen")
    SCREEN_POP = "screen_pop", _("Beller herkennen aan het telefoonnummer")
    CONTACT_REGISTER = "contact_register", _("Klantcontact en afspraken vastleggen")
    DATA_IMPORT = "data_import", _("Klantgegevens overnemen uit een bronsysteem")
    CONSENT_RECORD = "consent_record", _("Toestemming van de klant vastleggen of intrekken")
    REGISTER_MANAGE = "register_manage", _("Het verwerkingsregister bijhouden")
    LOG_AUDIT = "log_audit", _("Het logboek dataverwerkingen controleren")
    EMERGENCY_ACCESS = "emergency_access", _("Noodtoegang tot een klant buiten het eigen team")
    DATA_CORRECTION = "data_correction", _("Klantgegevens corrigeren (rectificatie)")
    SUBJECT_REQUEST = "subject_request", _("Verzoek van een klant over diens gegevens afhandelen")
    # Purposes that rest on the customer's consent (PRIV-03, PRIV-11): used by proactive rules
    # and the assistant, checked at the moment of use.
    LEAK_ALERT = "leak_alert", _("Waarschuwen bij een mogelijke lekkage")
    LEAD_PIPE_ADVICE = "lead_pipe_advice", _("Advies over loden leidingen")
    USAGE_COMPARISON = "usage_comparison", _("Verbruik vergelijken met vergelijkbare huishoudens")
    SUBSCRIPTION_ADVICE = "subscription_advice", _("Advies over een passend abonnement")
    NEIGHBOURHOOD_UPDATES = "neighbourhood_updates", _("Nieuws over plannen in de eigen wijk")


class DataCategory(models.TextChoices):
    """Categories of personal data a customer can consent to, per purpose (PRIV-03).
    Deliberately coarse: age bands, never exact ages (AR-13)."""

    DAILY_USAGE = "dagelijks_verbruik", _("Dagelijks waterverbruik")
    HOUSEHOLD_AGE_BANDS = "leeftijdsgroepen_huishouden", _("Leeftijdsgroepen in het huishouden")
    HOUSEHOLD_SIZE = "grootte_huishouden", _("Aantal personen in het huishouden")
    TRAVEL_HISTORY = "reisgeschiedenis", _("Reisgeschiedenis (in- en uitchecken)")
    NEIGHBOURHOOD = "wijk", _("Wijk van het woonadres")


class ConsentDecision(models.TextChoices):
    GIVEN = "gegeven", _("Gegeven")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


# Not a processing activity but a scope: may the role serve every customer of the
# organisation (CV-02), or only those with a case of the employee's team (need to know)?
SCOPE_ALL_CUSTOMERS = "scope_all_customers"
SCOPE_ALL_CUSTOMERS_LABEL = _(
    "Alle klanten van de organisatie (niet alleen die van het eigen team)"
)


class LegalBasis(models.TextChoices):
    """AVG art. 6 grounds that a public organisation uses. 'Improving the service' is none
    of them (PRIV-01, AR-43)."""

    STATUTORY_TASK = "wettelijke_taak", _("Wettelijke taak / algemeen belang")
    CONSENT = "toestemming", _("Toestemming")
    CONTRACT = "overeenkomst", _("Uitvoering van een overeenkomst")
    VITAL_INTEREST = "vitaal_belang", _("Vitaal belang")
    LEGAL_OBLIGATION = "wettelijke_verplichting", _("Wettelijke verplichting")


class Operation(models.TextChoices):
    READ = "read", _("Inzien")
    CREATE = "create", _("Vastleggen")
    UPDATE = "update", _("Wijzigen")
    DELETE = "delete", _("Verwijderen")


class AccessorKind(models.TextChoices):
    EMPLOYEE = "medewerker", _("Medewerker")
    SYSTEM = "systeem", _("Systeemtaak")
