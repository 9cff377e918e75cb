"""Builders shared by the merge and unmerge tests (issue 5, CV-01); the fixtures are in conftest."""

from django.apps import apps

from klantbeeld.core import clock
from klantbeeld.parties.constants import DigitalAddressKind
from klantbeeld.parties.models import (
    DigitalAddress,
    PartyIdentifier,
    PostalAddress,
    Preference,
    Representation,
)
from klantbeeld.privacy.constants import Activity

# Contacts sits above parties (import-linter): the merge finds its tables without importing
# them, and so does this test.
Case = apps.get_model("contacts", "Case")
ContactMoment = apps.get_model("contacts", "ContactMoment")
Conversation = apps.get_model("contacts", "Conversation")
InternalTask = apps.get_model("contacts", "InternalTask")
Participant = apps.get_model("contacts", "Participant")

CORRECTION = Activity.DATA_CORRECTION
REASON = "Zelfde naam en geboortedatum; klant bevestigde beide e-mailadressen."


def email_for(party, value, *, default=False):
    return DigitalAddress.objects.create(
        provider=party.provider,
        party=party,
        kind=DigitalAddressKind.EMAIL,
        value=value,
        is_default=default,
    )


def conversation_for(party):
    return Conversation.objects.create(
        provider=party.provider,
        party=party,
        subject="Verhuizing",
        opened_at=clock.now(),
        last_activity_at=clock.now(),
    )


def pointers():
    """Which party every row of every relation points to, to compare before and after."""
    tables = {
        Participant: "party_id",
        Case: "party_id",
        InternalTask: "party_id",
        Conversation: "party_id",
        DigitalAddress: "party_id",
        PostalAddress: "party_id",
        PartyIdentifier: "party_id",
        Preference: "party_id",
        Representation: "representative_id",
    }
    return {
        (model.__name__, pk): (target, *extra)
        for model, field in tables.items()
        for pk, target, *extra in model.objects.values_list(
            "pk", field, *(["is_default"] if model is DigitalAddress else [])
        )
    }
