"""Routing for a batch of inbound messages, set-based (issue 5, item 5; ADR 0008).

The same rules as :func:`klantbeeld.routing.services.inbound_route`, for the channels worker's
batches: one open work item per conversation (a message lands on the item that is already
open, also one an earlier message of the same batch opened), a new item built by the same
:func:`~klantbeeld.routing.services.work_item_build` (queue, SLA due dates, or with the
digital assistant and no SLA clock when the triage says so), and auto-assignment for queues
that ask for it. The open items are read (and on PostgreSQL locked) with one query; new items,
changed items and their events are written with a few multi-row statements.
"""

from __future__ import annotations

from collections.abc import Iterable

from klantbeeld.contacts.models import ContactMoment, Conversation
from klantbeeld.core import clock
from klantbeeld.core.bulk import rows_insert, rows_update
from klantbeeld.core.memo import memoized
from klantbeeld.routing.constants import OPEN_STATUSES, EventKind, WorkItemStatus
from klantbeeld.routing.models import Agent, Queue, WorkItem, WorkItemEvent
from klantbeeld.routing.services import auto_assign, work_item_build
from klantbeeld.routing.triage import Triage

_UPDATED_FIELDS = (
    "last_inbound",
    "last_inbound_at",
    "channel",
    "status",
    "candidates",
    "updated_at",
)


class RoutingBatch:
    """Plan the routing of many inbound contacts in memory, then write it at once."""

    def __init__(self, *, provider_id: int, conversation_ids: Iterable[int]) -> None:
        self.provider_id = provider_id
        self._open_by_id: dict[int, WorkItem] = {}
        self._looked_up: set[int] = set()
        self._open_look_up(conversation_ids)
        self._open_new: dict[int, WorkItem] = {}
        self._new: list[WorkItem] = []
        self._changed: dict[int, WorkItem] = {}
        self._events: list[WorkItemEvent] = []
        self._to_assign: list[WorkItem] = []

    def add(
        self,
        *,
        contact_moment: ContactMoment,
        channel: str,
        triage: Triage | None,
        identity_pending: bool,
        candidates: list[dict[str, object]],
    ) -> WorkItem:
        conversation = contact_moment.conversation
        assert conversation is not None  # noqa: S101 (the batch always threads a moment)
        at = contact_moment.occurred_at
        item = self._open_item(conversation)
        if item is not None:
            item.last_inbound = contact_moment
            item.last_inbound_at = max(item.last_inbound_at, at)
            item.channel = channel
            if item.status == WorkItemStatus.WAITING:
                item.status = (
                    WorkItemStatus.IN_PROGRESS if item.assigned_to_id else WorkItemStatus.NEW
                )
            if identity_pending and candidates:
                item.candidates = candidates
            if item.pk is not None:
                self._changed[item.pk] = item
            self._events.append(WorkItemEvent(item=item, kind=EventKind.CUSTOMER_WROTE, at=at))
            return item
        return self._item_new(
            contact_moment, conversation, channel, triage, identity_pending, candidates
        )

    def _open_look_up(self, conversation_ids: Iterable[int]) -> None:
        """Read (and lock) the open items of these conversations, once each."""
        wanted = {pk for pk in conversation_ids if pk is not None} - self._looked_up
        if not wanted:
            return
        self._looked_up |= wanted
        found = (
            # of=self: the items only, not their queue (every worker reads the same queues).
            WorkItem.objects.select_for_update(of=("self",))
            .filter(conversation_id__in=wanted, status__in=OPEN_STATUSES)
            .select_related("queue")
            .order_by("pk")  # every worker takes the locks in the same order
        )
        for item in found:
            self._open_by_id[item.conversation_id] = item

    def _open_item(self, conversation: Conversation) -> WorkItem | None:
        if conversation.pk is None:
            # Opened by an earlier message of this batch (keyed by the shared instance).
            return self._open_new.get(id(conversation))
        self._open_look_up([conversation.pk])
        return self._open_by_id.get(conversation.pk)

    def _item_new(
        self,
        contact_moment: ContactMoment,
        conversation: Conversation,
        channel: str,
        triage: Triage | None,
        identity_pending: bool,
        candidates: list[dict[str, object]],
    ) -> WorkItem:
        item = work_item_build(
            contact_moment=contact_moment,
            conversation=conversation,
            channel=channel,
            triage=triage,
            identity_pending=identity_pending,
            candidates=candidates,
        )
        self._new.append(item)
        if conversation.pk is not None:
            self._open_by_id[conversation.pk] = item
        else:
            self._open_new[id(conversation)] = item
        self._events.append(
            WorkItemEvent(
                item=item, kind=EventKind.ROUTED, at=item.received_at, to_queue=item.queue
            )
        )
        if item.queue.auto_assign and item.status != WorkItemStatus.ASSISTANT:
            self._to_assign.append(item)
        return item

    def write(self) -> None:
        """After the contact moments are saved: the items, their events, then assignment in
        the order the messages came (each sees the load the ones before it added)."""
        for item in self._new:
            item.conversation_id = item.conversation.pk
            item.last_inbound_id = item.last_inbound.pk  # type: ignore[union-attr]
        WorkItem.objects.bulk_create(self._new)
        now = clock.now()
        for item in self._changed.values():
            item.updated_at = now
        rows_update(WorkItem, _UPDATED_FIELDS, list(self._changed.values()))
        rows_insert(
            WorkItemEvent,
            [
                {
                    "item_id": event.item.pk,
                    "kind": event.kind,
                    "at": event.at,
                    "to_queue_id": event.to_queue_id,
                }
                for event in self._events
            ],
        )
        for item in self._to_assign:
            if _has_agents(item.queue):
                auto_assign(item)


def _has_agents(queue: Queue) -> bool:
    """Whether anyone could be given work in this queue (else auto_assign finds no one)."""
    return memoized(
        ("routing.has_agents", queue.pk),
        lambda: Agent.objects.filter(
            queues=queue, is_available=True, actor__is_active=True
        ).exists(),
    )
