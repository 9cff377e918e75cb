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
