"""Routing and the work on an item: claim, assign, transfer, note, reply, resolve (issue 5).

Rules the inbox rests on:

- one open work item per conversation: a customer writing again in any channel lands on the
  item that is already there, with its assignee (CH-05, AR-02);
- a transfer is warm: it needs a handover note, which the receiving colleague sees first, and
  it is counted on the conversation (spirals start here; SIG-*);
- an employee works in their own queues; distributing work to others is the team lead's
  (``routing.distribute_work``), decided by the interface and passed in as ``may_distribute``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q

from klantbeeld.contacts.models import Actor, ContactMoment, Conversation
from klantbeeld.contacts.services import conversation_party_set
from klantbeeld.core import clock
from klantbeeld.core.memo import memoized
from klantbeeld.parties.models import Party
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.routing.constants import OPEN_STATUSES, EventKind, WorkItemStatus
from klantbeeld.routing.models import Agent, Queue, SlaPolicy, WorkItem, WorkItemEvent
from klantbeeld.routing.triage import Triage

HANDOVER_NOTE_MIN_LENGTH = 10


@dataclass(frozen=True)
class Worker:
    """The employee acting in the inbox, as the interface established it."""

    accessor: Accessor
    actor: Actor
    may_distribute: bool = False


def queue_for(provider_id: int, channel: str, triage: Triage | None) -> Queue:
    """The queue a new item goes to: topic, then skill, then channel, then the default."""
    queues = memoized(("routing.queues", provider_id), lambda: _queues(provider_id))
    if triage is not None and triage.topic is not None:
        for queue in queues:
            if any(topic.pk == triage.topic.pk for topic in queue.topics.all()):
                return queue
    if triage is not None and triage.skill:
        for queue in queues:
            if queue.skill == triage.skill:
                return queue
    for queue in queues:
        if queue.channels and channel in queue.channels:
            return queue
    return next((q for q in queues if q.is_default), None) or next(
        (q for q in queues if not q.channels), queues[0]
    )


def _queues(provider_id: int) -> list[Queue]:
    """The organisation's queues; an organisation without any gets one general queue."""
    queues = list(Queue.objects.filter(provider_id=provider_id).prefetch_related("topics"))
    if queues:
        return queues
    general, _ = Queue.objects.get_or_create(
        provider_id=provider_id, name="Algemeen", defaults={"is_default": True}
    )
    return [general]


def inbound_route(
    *,
    contact_moment: ContactMoment,
    channel: str,
    triage: Triage | None,
    identity_pending: bool,
    candidates: list[dict[str, object]],
) -> WorkItem:
    """Put the conversation of this inbound contact in a queue, or wake its open item."""
    conversation = contact_moment.conversation
    if conversation is None:
        raise ValidationError("Een bericht zonder gesprek kan niet in een wachtrij.")
    at = contact_moment.occurred_at
    item = (
        WorkItem.objects.select_for_update()
        .filter(conversation=conversation, status__in=OPEN_STATUSES)
        .first()
    )
    if item is not None:
        item.last_inbound = contact_moment
        item.last_inbound_at = max(item.last_inbound_at, at)
        item.channel = channel
        if item.status == WorkItemStatus.WAITING:
            item.status = WorkItemStatus.IN_PROGRESS if item.assigned_to_id else WorkItemStatus.NEW
        # An item with the assistant stays there: the assistant answers or hands over.
        if identity_pending and candidates:
            item.candidates = candidates
        item.save()
        _event(item, EventKind.CUSTOMER_WROTE, at)
        return item
    item = work_item_build(
        contact_moment=contact_moment,
        conversation=conversation,
        channel=channel,
        triage=triage,
        identity_pending=identity_pending,
        candidates=candidates,
    )
    item.save()
    _event(item, EventKind.ROUTED, at, to_queue=item.queue)
    if item.queue.auto_assign and item.status != WorkItemStatus.ASSISTANT:
        auto_assign(item)
    return item


def work_item_build(
    *,
    contact_moment: ContactMoment,
    conversation: Conversation,
    channel: str,
    triage: Triage | None,
    identity_pending: bool,
    candidates: list[dict[str, object]],
) -> WorkItem:
    """A new, unsaved work item for an inbound contact: its queue, its service norms (none
    while the assistant has it: the SLA clock starts when a person does) and its status.
    Shared by the per-message path and the set-based one (``routing.intake``)."""
    at = contact_moment.occurred_at
    provider_id = contact_moment.provider_id
    queue = queue_for(provider_id, channel, triage)
    with_assistant = triage is not None and triage.assistant
    first_due, resolution_due = (None, None) if with_assistant else _due(provider_id, channel, at)
    return WorkItem(
        provider_id=provider_id,
        conversation=conversation,
        queue=queue,
        channel=channel,
        last_inbound=contact_moment,
        identity_pending=identity_pending,
        candidates=candidates,
        triage=triage.as_json() if triage else {},
        priority=triage.priority if triage else 3,
        status=WorkItemStatus.ASSISTANT if with_assistant else WorkItemStatus.NEW,
        received_at=at,
        last_inbound_at=at,
        first_response_due=first_due,
        resolution_due=resolution_due,
    )


@transaction.atomic
def assistant_answered(item: WorkItem, *, at: datetime | None = None) -> None:
    """The assistant answered the customer: recorded on the item's history."""
    _event(item, EventKind.ASSISTANT_ANSWERED, at or clock.now())


@transaction.atomic
def assistant_handover(
    item: WorkItem, *, summary: str, triage: Triage | None, reason: str
) -> WorkItem:
    """Warm handover from the assistant to people (issue 6, item 4): the item leaves the
    assistant for the queue of the recognised topic, with the summary as the handover note
    the receiving colleague reads first; the SLA clock starts now. An item already with
    people only gets the note."""
    item = WorkItem.objects.select_for_update().get(pk=item.pk)
    now = clock.now()
    note = f"{reason}\n\n{summary}".strip()
    if item.status != WorkItemStatus.ASSISTANT:
        _event(item, EventKind.NOTE, now, note=note)
        return item
    if triage is not None:
        item.queue = queue_for(item.provider_id, item.channel, triage)
        item.triage = triage.as_json()
        item.priority = min(item.priority, triage.priority)
    item.status = WorkItemStatus.NEW
    item.first_response_due, item.resolution_due = _due(item.provider_id, item.channel, now)
    item.save()
    _event(item, EventKind.HANDED_OVER, now, to_queue=item.queue, note=note)
    if item.queue.auto_assign:
        auto_assign(item)
    return item


def _due(provider_id: int, channel: str, at: datetime) -> tuple[datetime | None, datetime | None]:
    policies = memoized(
        ("routing.sla", provider_id),
        lambda: {p.channel: p for p in SlaPolicy.objects.filter(provider_id=provider_id)},
    )
    policy = policies.get(channel)
    if policy is None:
        return None, None
    return (
        at + timedelta(minutes=policy.first_response_minutes),
        at + timedelta(minutes=policy.resolution_minutes),
    )


def auto_assign(item: WorkItem) -> Actor | None:
    """Give the item to the available colleague in its queue with the most room left."""
    open_count = Count("actor__work_items", filter=Q(actor__work_items__status__in=OPEN_STATUSES))
    agents = (
        Agent.objects.filter(queues=item.queue, is_available=True, actor__is_active=True)
        .annotate(load=open_count)
        .filter(load__lt=F("capacity"))
        .order_by(F("load") * 1.0 / F("capacity"), "actor__name")
    )
    skill = item.queue.skill
    agent = next(
        (a for a in agents.select_related("actor") if not skill or skill in (a.skills or [])), None
    )
    if agent is None:
        return None
    item.assigned_to = agent.actor
    item.status = WorkItemStatus.IN_PROGRESS
    item.save(update_fields=["assigned_to", "status", "updated_at"])
    _event(item, EventKind.ASSIGNED, clock.now(), to_actor=agent.actor)
    return agent.actor


def may_work_on(worker: Worker, item: WorkItem) -> None:
    """Raise PermissionDenied unless ``worker`` may act on ``item`` (own, or free in own queue)."""
    if item.provider_id != worker.accessor.provider_id:
        raise PermissionDenied("Dit werkitem hoort niet bij uw organisatie.")
    if worker.may_distribute:
        return
    if item.assigned_to_id == worker.actor.pk:
        return
    if item.assigned_to_id is None and _in_queue(worker.actor, item.queue):
        return
    raise PermissionDenied("Dit werkitem is niet van u en niet in uw wachtrij.")


def _in_queue(actor: Actor, queue: Queue) -> bool:
    return Agent.objects.filter(actor=actor, queues=queue).exists()


def item_open_check(item: WorkItem) -> None:
    """Raise ValidationError when the item is already resolved."""
    if item.status not in OPEN_STATUSES:
        raise ValidationError("Dit werkitem is al afgehandeld.")


@transaction.atomic
def work_item_claim(*, worker: Worker, item: WorkItem) -> WorkItem:
    item = _locked(item)
    item_open_check(item)
    if item.assigned_to_id not in (None, worker.actor.pk):
        raise ValidationError(f"{item.assigned_to} heeft dit werkitem al opgepakt.")
    may_work_on(worker, item)
    item.assigned_to = worker.actor
    item.status = WorkItemStatus.IN_PROGRESS
    item.save(update_fields=["assigned_to", "status", "updated_at"])
    _event(item, EventKind.CLAIMED, clock.now(), actor=worker.actor)
    return item


@transaction.atomic
def work_item_assign(*, worker: Worker, item: WorkItem, to: Actor) -> WorkItem:
    """A team lead gives an item to a colleague (capacity is advice, not a wall)."""
    if not worker.may_distribute:
        raise PermissionDenied("Alleen een teamleider verdeelt werk over anderen.")
    item = _locked(item)
    item_open_check(item)
    if to.provider_id != item.provider_id or not to.is_active:
        raise ValidationError("Deze medewerker hoort niet bij uw organisatie.")
    item.assigned_to = to
    item.status = WorkItemStatus.IN_PROGRESS
    item.save(update_fields=["assigned_to", "status", "updated_at"])
    _event(item, EventKind.ASSIGNED, clock.now(), actor=worker.actor, to_actor=to)
    return item


@transaction.atomic
def work_item_release(*, worker: Worker, item: WorkItem) -> WorkItem:
    item = _locked(item)
    item_open_check(item)
    may_work_on(worker, item)
    item.assigned_to = None
    item.status = WorkItemStatus.NEW
    item.save(update_fields=["assigned_to", "status", "updated_at"])
    _event(item, EventKind.RELEASED, clock.now(), actor=worker.actor)
    return item


@transaction.atomic
def work_item_transfer(
    *,
    worker: Worker,
    item: WorkItem,
    note: str,
    to_queue: Queue | None = None,
    to_actor: Actor | None = None,
) -> WorkItem:
    """Warm transfer: to another queue or colleague, always with a handover note (CH-07)."""
    note = note.strip()
    if len(note) < HANDOVER_NOTE_MIN_LENGTH:
        raise ValidationError(
            {"note": "Schrijf een overdrachtsnotitie: wat is er al gedaan en wat is de vraag?"}
        )
    if to_queue is None and to_actor is None:
        raise ValidationError({"to_queue": "Kies een wachtrij of een collega."})
    item = _locked(item)
    item_open_check(item)
    may_work_on(worker, item)
    for target in (to_queue, to_actor):
        if target is not None and target.provider_id != item.provider_id:
            raise ValidationError("Overdragen kan alleen binnen uw organisatie.")
    if to_actor is not None and to_actor.pk == worker.actor.pk:
        raise ValidationError({"to_actor": "U kunt niet aan uzelf overdragen."})
    from_queue = item.queue
    item.queue = to_queue or item.queue
    item.assigned_to = to_actor
    item.status = WorkItemStatus.IN_PROGRESS if to_actor else WorkItemStatus.NEW
    item.save(update_fields=["queue", "assigned_to", "status", "updated_at"])
    Conversation.objects.filter(pk=item.conversation_id).update(
        transfer_count=F("transfer_count") + 1
    )
    _event(
        item,
        EventKind.TRANSFERRED,
        clock.now(),
        actor=worker.actor,
        to_actor=to_actor,
        from_queue=from_queue,
        to_queue=item.queue,
        note=note,
    )
    return item


@transaction.atomic
def work_item_note_add(*, worker: Worker, item: WorkItem, note: str) -> WorkItemEvent:
    """An internal note: for colleagues, never sent to the customer."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Schrijf eerst de notitie."})
    may_work_on(worker, item)
    return _event(item, EventKind.NOTE, clock.now(), actor=worker.actor, note=note)


def work_item_replied(*, worker: Worker, item: WorkItem, at: datetime, waiting: bool) -> WorkItem:
    """The employee answered (the channels app sent it): the first response is met."""
    may_work_on(worker, item)
    item_open_check(item)
    if item.first_responded_at is None:
        item.first_responded_at = at
    item.assigned_to = item.assigned_to or worker.actor
    item.status = WorkItemStatus.WAITING if waiting else WorkItemStatus.IN_PROGRESS
    item.save()
    _event(item, EventKind.REPLIED, at, actor=worker.actor)
    return item


@transaction.atomic
def work_item_resolve(*, worker: Worker, item: WorkItem, note: str = "") -> WorkItem:
    item = _locked(item)
    item_open_check(item)
    may_work_on(worker, item)
    if item.identity_pending:
        raise ValidationError("Bevestig eerst wie de klant is, of maak een nieuwe klant aan.")
    at = clock.now()
    item.status = WorkItemStatus.DONE
    item.resolved_at = at
    item.assigned_to = item.assigned_to or worker.actor
    item.save()
    _event(item, EventKind.RESOLVED, at, actor=worker.actor, note=note.strip())
    return item


@transaction.atomic
def work_item_identify(*, worker: Worker, item: WorkItem, party: Party) -> WorkItem:
    """The employee confirmed who wrote: the conversation joins that customer's picture."""
    item = _locked(item)
    may_work_on(worker, item)
    conversation_party_set(accessor=worker.accessor, conversation=item.conversation, party=party)
    item.identity_pending = False
    item.candidates = []
    item.save(update_fields=["identity_pending", "candidates", "updated_at"])
    _event(item, EventKind.IDENTIFIED, clock.now(), actor=worker.actor, note=party.display_name)
    return item


def _locked(item: WorkItem) -> WorkItem:
    return (
        WorkItem.objects.select_for_update().select_related("queue", "conversation").get(pk=item.pk)
    )


def _event(item: WorkItem, kind: str, at: datetime, **fields: object) -> WorkItemEvent:
    return WorkItemEvent.objects.create(item=item, kind=kind, at=at, **fields)
