"""The resources' querysets: always one organisation, with what the representation reads."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from klantbeeld.contacts.models import (
    Actor,
    Attachment,
    ContactMoment,
    InternalTask,
    InternalTaskActor,
    Participant,
    SubjectObject,
)
from klantbeeld.parties.constants import (
    IdentifierKind,
)
from klantbeeld.parties.models import (
    BankAccount,
    Category,
    DigitalAddress,
    Party,
    PartyIdentifier,
)


def parties_of(provider_id: int) -> QuerySet[Party]:
    return Party.objects.filter(provider_id=provider_id)


def identifiers_of(provider_id: int) -> QuerySet[PartyIdentifier]:
    return PartyIdentifier.objects.filter(provider_id=provider_id).exclude(
        kind=IdentifierKind.CUSTOMER_NUMBER
    )


def digital_addresses_of(provider_id: int) -> QuerySet[DigitalAddress]:
    return DigitalAddress.objects.filter(provider_id=provider_id)


def bank_accounts_of(provider_id: int) -> QuerySet[BankAccount]:
    return BankAccount.objects.filter(provider_id=provider_id)


def categories_of(provider_id: int) -> QuerySet[Category]:
    return Category.objects.filter(provider_id=provider_id)


def digital_address_rows() -> QuerySet[DigitalAddress]:
    return DigitalAddress.objects.select_related("party", "participant_link__participant")


def party_rows() -> QuerySet[Party]:
    """Partijen with their own references; the reverse lists come from
    :func:`klantbeeld.api.loaders.parties_bundled`."""
    return Party.objects.select_related(
        "works_for", "preferred_digital_address", "preferred_bank_account"
    )


def contacts_of(provider_id: int) -> QuerySet[ContactMoment]:
    return ContactMoment.objects.filter(provider_id=provider_id)


def participants_of(provider_id: int) -> QuerySet[Participant]:
    return Participant.objects.filter(contact_moment__provider_id=provider_id)


def actors_of(provider_id: int) -> QuerySet[Actor]:
    return Actor.objects.filter(provider_id=provider_id)


def active_actors_of(provider_id: int) -> QuerySet[Actor]:
    return actors_of(provider_id).filter(is_active=True)


def contact_rows() -> QuerySet[ContactMoment]:
    return ContactMoment.objects.prefetch_related(
        Prefetch("subject_objects", queryset=SubjectObject.objects.only("uuid", "contact_moment")),
        Prefetch("actors", queryset=Actor.objects.order_by("pk")),
        Prefetch("attachments", queryset=Attachment.objects.only("uuid", "contact_moment")),
        Prefetch("participants", queryset=Participant.objects.select_related("party")),
        Prefetch("internal_tasks", queryset=InternalTask.objects.only("uuid", "contact_moment")),
    )


def participant_rows() -> QuerySet[Participant]:
    return Participant.objects.select_related("party", "contact_moment").prefetch_related(
        "addresses", "digital_address_links__digital_address"
    )


def task_rows() -> QuerySet[InternalTask]:
    return InternalTask.objects.select_related("contact_moment", "assigned_to").prefetch_related(
        Prefetch(
            "internaltaskactor_set", queryset=InternalTaskActor.objects.select_related("actor")
        )
    )
