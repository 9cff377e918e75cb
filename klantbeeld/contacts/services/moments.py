"""Register a contact with its agreements, threaded into the customer's conversation
(CV-04, CV-06, CH-05, CH-09, PS-15); attach files to it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from klantbeeld.contacts.constants import (
    ParticipantRole,
    TaskKind,
)
from klantbeeld.contacts.models import (
    Actor,
    ActorContactMoment,
    Case,
    ContactMoment,
    Conversation,
    InternalTask,
    InternalTaskActor,
    Participant,
)
from klantbeeld.contacts.services.guards import _ensure_own, _ensure_party, _not_in_future
from klantbeeld.contacts.threading import conversation_to_continue
from klantbeeld.core.constants import Direction
from klantbeeld.core.models import Topic
from klantbeeld.core.numbering import number_next
from klantbeeld.parties.models import Party
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound, purpose_check


@dataclass(frozen=True)
class ContactMomentInput:
    channel: str
    direction: str
    subject: str
    occurred_at: datetime
    topic: Topic | None = None
    summary: str = ""
    content: str = ""
    response: str = ""
    outcome: str = ""
    sentiment: str = ""
    case: Case | None = None
    is_successful: bool | None = True


@dataclass(frozen=True)
class AgreementInput:
    requested_action: str
    assigned_to: Actor
    due_at: datetime | None = None
    kind: str = TaskKind.OTHER
    explanation: str = ""


@transaction.atomic
def contact_moment_register(
    *,
    accessor: Accessor,
    party: Party,
    moment: ContactMomentInput,
    actor: Actor,
    agreements: Sequence[AgreementInput] = (),
) -> ContactMoment:
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    _ensure_party(accessor, party)
    _ensure_own(party.provider_id, topic=moment.topic, case=moment.case, actor=actor)
    _not_in_future("occurred_at", moment.occurred_at)
    if moment.case is not None and moment.case.party_id != party.pk:
        raise ValidationError({"case": "Deze zaak hoort bij een andere klant."})

    contact = ContactMoment(
        provider_id=party.provider_id,
        number=number_next(party.provider, "contact"),
        channel=moment.channel,
        direction=moment.direction,
        topic=moment.topic,
        subject=moment.subject.strip(),
        summary=moment.summary.strip(),
        content=moment.content,
        response=moment.response.strip(),
        outcome=moment.outcome,
        sentiment=moment.sentiment,
        is_successful=moment.is_successful,
        occurred_at=moment.occurred_at,
        case=moment.case,
        further_action_taken=bool(agreements),
    )
    contact.full_clean(exclude=["conversation"])
    contact.conversation = _thread(party, contact)
    contact.save()
    ActorContactMoment.objects.create(actor=actor, contact_moment=contact)
    _participant_add(contact, party, is_initiator=moment.direction == Direction.INBOUND)
    for agreement in agreements:
        _agreement_add(contact, party, actor, agreement)
    if moment.case is not None and moment.sentiment:
        Case.objects.filter(pk=moment.case.pk).update(sentiment=moment.sentiment)
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.CREATE,
        subjects=[party.uuid],
    )
    return contact


def contact_thread(party: Party, contact: ContactMoment) -> Conversation:
    """The conversation this contact continues, or a new one (CH-05): for contacts that other
    systems register through the API as well."""
    return _thread(party, contact)


def _thread(party: Party, contact: ContactMoment) -> Conversation:
    conversation = conversation_to_continue(
        party=party,
        topic=contact.topic,
        case=contact.case,
        at=contact.occurred_at,
        subject=contact.subject,
    )
    if conversation is None:
        conversation = Conversation.objects.create(
            provider_id=party.provider_id,
            party=party,
            topic=contact.topic,
            subject=contact.subject,
            opened_at=contact.occurred_at,
            last_activity_at=contact.occurred_at,
        )
    elif contact.occurred_at > conversation.last_activity_at:
        conversation.last_activity_at = contact.occurred_at
        conversation.save(update_fields=["last_activity_at", "updated_at"])
    return conversation


def _participant_add(contact: ContactMoment, party: Party, *, is_initiator: bool) -> Participant:
    participant = customer_participant(contact, party, is_initiator=is_initiator)
    participant.save()
    return participant


def customer_participant(
    contact: ContactMoment, party: Party, *, is_initiator: bool
) -> Participant:
    """The customer in a contact moment, unsaved, with the name as it is now (the record keeps
    it even if the party's name changes later)."""
    return Participant(
        contact_moment=contact,
        party=party,
        role=ParticipantRole.CUSTOMER,
        is_initiator=is_initiator,
        initials=party.initials,
        given_name=party.given_names,
        surname_prefix=party.surname_prefix,
        surname=party.surname,
        organisation_name=party.organisation_name,
    )


def _agreement_add(
    contact: ContactMoment, party: Party, actor: Actor, agreement: AgreementInput
) -> InternalTask:
    _ensure_own(party.provider_id, assigned_to=agreement.assigned_to)
    if agreement.due_at is not None and agreement.due_at < contact.occurred_at:
        raise ValidationError({"due_at": "Een afspraak kan niet verlopen zijn vóór het contact."})
    task = InternalTask(
        provider_id=party.provider_id,
        number=number_next(party.provider, "task"),
        party=party,
        contact_moment=contact,
        case=contact.case,
        kind=agreement.kind,
        requested_action=agreement.requested_action.strip(),
        explanation=agreement.explanation.strip(),
        assigned_to=agreement.assigned_to,
        promised_by=actor,
        assigned_at=contact.occurred_at,
        due_at=agreement.due_at,
    )
    task.full_clean()
    task.save()
    InternalTaskActor.objects.create(task=task, actor=agreement.assigned_to, position=0)
    return task
