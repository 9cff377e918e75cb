"""Writes of the contacts domain: register a contact with its agreements; open and progress
cases; complete agreements; set up the organisation's actors.

``contact_moment_register`` is the one form of CV-04/CH-09: a phone call, counter visit or
letter, what was agreed (CV-06, PS-15), threaded into the customer's conversation (CH-05).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from klantbeeld.contacts.constants import (
    ActorKind,
    CaseStatus,
    ConversationStatus,
    ParticipantRole,
    TaskKind,
    TaskStatus,
)
from klantbeeld.contacts.models import (
    Actor,
    ActorContactMoment,
    Case,
    CaseStatusChange,
    ContactMoment,
    Conversation,
    InternalTask,
    Participant,
)
from klantbeeld.contacts.threading import conversation_to_continue
from klantbeeld.core import clock
from klantbeeld.core.constants import Direction
from klantbeeld.core.errors import NotAccessible
from klantbeeld.core.models import Provider, Topic, User
from klantbeeld.core.numbering import number_next
from klantbeeld.parties.models import Party
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound, purpose_check

CLOCK_SKEW = timedelta(minutes=5)


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


def _ensure_party(accessor: Accessor, party: Party) -> None:
    if party.provider_id != accessor.provider_id:
        raise NotAccessible("Deze klant is niet gevonden.")


def _ensure_own(provider_id: int, **objects: object) -> None:
    """Topics, cases and actors must belong to the same organisation as the customer."""
    for field, value in objects.items():
        if value is not None and getattr(value, "provider_id", provider_id) != provider_id:
            raise ValidationError({field: "Dit hoort niet bij uw organisatie."})


def _not_in_future(field: str, value: datetime) -> None:
    if value > clock.now() + CLOCK_SKEW:
        raise ValidationError(
            {field: "Dit tijdstip ligt in de toekomst. Vul het tijdstip van het contact in."}
        )


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


def _thread(party: Party, contact: ContactMoment) -> Conversation:
    conversation = conversation_to_continue(
        party=party, topic=contact.topic, case=contact.case, at=contact.occurred_at
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
    return Participant.objects.create(
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
    return task


@dataclass(frozen=True)
class CaseInput:
    goal: str
    opened_at: datetime
    topic: Topic | None = None
    next_step: str = ""
    expected_completion: date | None = None
    team: Actor | None = None
    owner: Actor | None = None


@transaction.atomic
def case_open(*, accessor: Accessor, party: Party, case: CaseInput, actor: Actor | None) -> Case:
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    _ensure_party(accessor, party)
    _ensure_own(party.provider_id, topic=case.topic, team=case.team, owner=case.owner)
    _not_in_future("opened_at", case.opened_at)
    record = Case(
        provider_id=party.provider_id,
        reference=f"Z-{number_next(party.provider, 'case')}",
        party=party,
        topic=case.topic,
        goal=case.goal.strip(),
        next_step=case.next_step.strip(),
        expected_completion=case.expected_completion,
        team=case.team,
        owner=case.owner,
        opened_at=case.opened_at,
    )
    record.full_clean()
    record.save()
    CaseStatusChange.objects.create(
        case=record, status=CaseStatus.RECEIVED, changed_at=case.opened_at, changed_by=actor
    )
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.CREATE,
        subjects=[party.uuid],
    )
    return record


@transaction.atomic
def case_status_change(
    *,
    accessor: Accessor,
    case: Case,
    status: CaseStatus,
    at: datetime,
    actor: Actor | None,
    note: str = "",
    next_step: str | None = None,
) -> Case:
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    _ensure_party(accessor, case.party)
    _not_in_future("at", at)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"status": "Deze zaak is al afgerond."})
    case.status = status
    if next_step is not None:
        case.next_step = next_step
    case.closed_at = at if status == CaseStatus.CLOSED else None
    case.full_clean()
    case.save()
    CaseStatusChange.objects.create(
        case=case, status=status, note=note, changed_at=at, changed_by=actor
    )
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.UPDATE,
        subjects=[case.party.uuid],
    )
    return case


@transaction.atomic
def internal_task_complete(*, accessor: Accessor, task: InternalTask, at: datetime) -> InternalTask:
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    if task.provider_id != accessor.provider_id:
        raise NotAccessible("Deze afspraak is niet gevonden.")
    _not_in_future("at", at)
    if task.status == TaskStatus.DONE:
        raise ValidationError({"status": "Deze afspraak is al afgehandeld."})
    task.status = TaskStatus.DONE
    task.completed_at = at
    task.save(update_fields=["status", "completed_at", "updated_at"])
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.UPDATE,
        subjects=[task.party.uuid] if task.party else [],
    )
    return task


@transaction.atomic
def conversation_close(
    *, accessor: Accessor, conversation: Conversation, at: datetime
) -> Conversation:
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    if conversation.provider_id != accessor.provider_id:
        raise NotAccessible("Dit gesprek is niet gevonden.")
    conversation.status = ConversationStatus.CLOSED
    conversation.closed_at = at
    conversation.save(update_fields=["status", "closed_at", "updated_at"])
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.UPDATE,
        subjects=[conversation.party.uuid] if conversation.party else [],
    )
    return conversation


def team_create(*, provider: Provider, name: str, identifier: str = "") -> Actor:
    team = Actor(provider=provider, kind=ActorKind.TEAM, name=name, identifier=identifier)
    team.full_clean()
    team.save()
    return team


def employee_actor_create(*, user: User, team: Actor | None) -> Actor:
    if user.provider_id is None:
        raise ValidationError({"user": "Een medewerker hoort bij een organisatie."})
    _ensure_own(user.provider_id, team=team)
    actor = Actor(
        provider_id=user.provider_id,
        kind=ActorKind.EMPLOYEE,
        user=user,
        name=user.get_full_name() or user.username,
        identifier=user.username,
        team=team,
    )
    actor.full_clean()
    actor.save()
    return actor


def automated_actor_create(*, provider: Provider, name: str, identifier: str) -> Actor:
    actor = Actor(provider=provider, kind=ActorKind.AUTOMATED, name=name, identifier=identifier)
    actor.full_clean()
    actor.save()
    return actor
