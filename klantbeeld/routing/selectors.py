"""Reads of the unified inbox: queues, work lists and one item with its conversation (issue 5).

Who sees what (docs/architecture/inbox.md has the matrix):

- an employee sees the queues they are an :class:`Agent` of, and items in those queues or
  assigned to them; a team lead (``may_distribute``) sees every queue of the organisation;
- another organisation's item, or an item outside the employee's queues, is the same
  :class:`NotAccessible` (STYLE.md: missing and forbidden look alike).

Privacy: the work list shows only what is needed to pick up work (name, subject, channel,
times) behind the CUSTOMER_VIEW purpose check, without a log record per 10-second refresh.
Opening an item reads the customer view through ``contacts.selectors.customer_view_get``,
which writes the one CUSTOMER_VIEW record; candidates of an unconfirmed sender are logged as
a CUSTOMER_SEARCH read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Prefetch, Q, QuerySet

from klantbeeld.contacts.constants import ActorKind
from klantbeeld.contacts.models import Actor, ContactMoment, Participant
from klantbeeld.contacts.selectors import CustomerView, TimelineFilter, customer_view_get
from klantbeeld.core import clock
from klantbeeld.core.errors import ApplicationError, NotAccessible
from klantbeeld.parties.constants import FormOfAddress
from klantbeeld.parties.models import Party, Preference
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound, purpose_check, restricted_subjects
from klantbeeld.routing.constants import OPEN_STATUSES, PEOPLE_STATUSES, EventKind, WorkItemStatus
from klantbeeld.routing.models import Queue, ReplyTemplate, SlaPolicy, WorkItem, WorkItemEvent
from klantbeeld.routing.services import Worker
from klantbeeld.routing.sla import DEFAULT_WARNING_PERCENT, SlaState, sla_state

WAITING_FOR_US = (WorkItemStatus.NEW, WorkItemStatus.IN_PROGRESS)


class InboxScope:
    MINE = "mijn"
    UNASSIGNED = "open"
    ALL = ""


@dataclass(frozen=True)
class InboxFilter:
    scope: str = InboxScope.ALL
    queue: UUID | None = None
    status: str = ""  # "": every open status


@dataclass(frozen=True)
class QueueSummary:
    queue: Queue
    open_count: int
    unassigned_count: int
    oldest_waiting_at: datetime | None


@dataclass(frozen=True)
class InboxRow:
    item: WorkItem
    customer_name: str
    sla: SlaState
    transfer_count: int


@dataclass(frozen=True)
class FilledTemplate:
    template: ReplyTemplate
    text: str
    fits_customer: bool


@dataclass
class ItemDetail:
    item: WorkItem
    moments: list[ContactMoment]
    events: list[WorkItemEvent]
    handover: WorkItemEvent | None
    sla: SlaState
    customer: CustomerView | None
    customer_message: str
    candidates: list[dict[str, object]] = field(default_factory=list)


# --- queues and lists ------------------------------------------------------------------------


def queues_for(worker: Worker) -> QuerySet[Queue]:
    """The queues this employee works in; a team lead sees all of the organisation."""
    queues = Queue.objects.filter(provider_id=worker.accessor.provider_id)
    if not worker.may_distribute:
        queues = queues.filter(agents__actor=worker.actor)
    return queues.order_by("name")


def queue_summaries(worker: Worker) -> list[QueueSummary]:
    """Per visible queue: open items, unassigned items, and since when the oldest waits."""
    purpose_check(accessor=worker.accessor, activity=Activity.CUSTOMER_VIEW)
    queues = queues_for(worker).annotate(
        open_count=Count("items", filter=Q(items__status__in=PEOPLE_STATUSES)),
        unassigned_count=Count(
            "items", filter=Q(items__status__in=PEOPLE_STATUSES, items__assigned_to__isnull=True)
        ),
        oldest_waiting_at=Min("items__last_inbound_at", filter=Q(items__status__in=WAITING_FOR_US)),
    )
    return [
        QueueSummary(
            queue=queue,
            open_count=queue.open_count,
            unassigned_count=queue.unassigned_count,
            oldest_waiting_at=queue.oldest_waiting_at,
        )
        for queue in queues
    ]


def visible_items(worker: Worker) -> QuerySet[WorkItem]:
    items = WorkItem.objects.filter(provider_id=worker.accessor.provider_id)
    if worker.may_distribute:
        return items
    return items.filter(
        Q(queue__agents__actor=worker.actor) | Q(assigned_to=worker.actor)
    ).distinct()


def own_open_count(*, actor: Actor) -> int:
    """The number on the 'Inbox' link: open items assigned to this employee (no customer
    data, so no purpose check)."""
    return WorkItem.objects.filter(
        provider_id=actor.provider_id, assigned_to=actor, status__in=OPEN_STATUSES
    ).count()


def work_item_list(*, worker: Worker, inbox: InboxFilter, limit: int = 200) -> list[InboxRow]:
    """The work list: most urgent first (priority, then the first due time, then the oldest)."""
    purpose_check(accessor=worker.accessor, activity=Activity.CUSTOMER_VIEW)
    items = visible_items(worker)
    if inbox.status:
        items = items.filter(status=inbox.status)
    else:
        items = items.filter(status__in=PEOPLE_STATUSES)
    if inbox.scope == InboxScope.MINE:
        items = items.filter(assigned_to=worker.actor)
    elif inbox.scope == InboxScope.UNASSIGNED:
        items = items.filter(assigned_to__isnull=True)
    if inbox.queue is not None:
        items = items.filter(queue__uuid=inbox.queue)
    items = (
        items.select_related("queue", "assigned_to", "conversation__party", "last_inbound")
        .prefetch_related(
            Prefetch(
                "last_inbound__participants",
                queryset=Participant.objects.only(
                    "contact_moment_id",
                    "given_name",
                    "surname_prefix",
                    "surname",
                    "organisation_name",
                    "initials",
                    "party_id",
                ),
            )
        )
        .order_by("priority", "first_response_due", "received_at", "id")[:limit]
    )
    warnings = _warning_percents(worker.accessor.provider_id)
    now = clock.now()
    return [
        InboxRow(
            item=item,
            customer_name=_customer_name(item),
            sla=_item_sla(item, now, warnings),
            transfer_count=item.conversation.transfer_count,
        )
        for item in items
    ]


def _customer_name(item: WorkItem) -> str:
    party = item.conversation.party
    if party is not None:
        return party.display_name
    moment = item.last_inbound
    if moment is not None:
        for person in moment.participants.all():
            name = " ".join(
                part for part in (person.given_name, person.surname_prefix, person.surname) if part
            )
            if name or person.organisation_name:
                return name or person.organisation_name
    return "Afzender onbekend"


def _warning_percents(provider_id: int) -> dict[str, int]:
    return dict(
        SlaPolicy.objects.filter(provider_id=provider_id).values_list("channel", "warning_percent")
    )


def _item_sla(item: WorkItem, now: datetime, warnings: dict[str, int]) -> SlaState:
    return sla_state(
        received_at=item.received_at,
        first_response_due=item.first_response_due,
        first_responded_at=item.first_responded_at,
        resolution_due=item.resolution_due,
        resolved_at=item.resolved_at,
        now=now,
        warning_percent=warnings.get(item.channel, DEFAULT_WARNING_PERCENT),
    )


# --- one item --------------------------------------------------------------------------------


def access_work_item(*, worker: Worker, item_uuid: UUID | str) -> WorkItem:
    """One item this employee may see; the same error for missing, foreign and not theirs."""
    purpose_check(accessor=worker.accessor, activity=Activity.CUSTOMER_VIEW)
    try:
        return (
            visible_items(worker)
            .select_related("queue", "assigned_to", "conversation__party", "conversation__topic")
            .get(uuid=item_uuid)
        )
    except (WorkItem.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotAccessible("Dit werkitem is niet gevonden.") from exc


def work_item_detail(*, worker: Worker, item_uuid: UUID | str) -> ItemDetail:
    """The item page: the whole conversation in every channel, oldest first, its events with
    the latest handover note on top, the service norms, and the customer view beside it."""
    item = access_work_item(worker=worker, item_uuid=item_uuid)
    moments = list(
        ContactMoment.objects.filter(conversation_id=item.conversation_id)
        .prefetch_related(
            Prefetch("actors", queryset=Actor.objects.only("id", "name", "kind")),
            "participants",
            "attachments",
        )
        .order_by("occurred_at", "id")
    )
    events = list(
        WorkItemEvent.objects.filter(item=item)
        .select_related("actor", "to_actor", "from_queue", "to_queue")
        .order_by("-at", "-id")
    )
    handover = next(
        (event for event in events if event.kind in (EventKind.TRANSFERRED, EventKind.HANDED_OVER)),
        None,
    )
    customer, message = _customer_beside(worker, item)
    return ItemDetail(
        item=item,
        moments=moments,
        events=events,
        handover=handover,
        sla=_item_sla(item, clock.now(), _warning_percents(item.provider_id)),
        customer=customer,
        customer_message=message,
        candidates=_candidates_read(worker, item),
    )


def _customer_beside(worker: Worker, item: WorkItem) -> tuple[CustomerView | None, str]:
    party = item.conversation.party
    if party is None:
        return None, ""
    try:
        view = customer_view_get(
            accessor=worker.accessor, party_uuid=party.uuid, timeline=TimelineFilter()
        )
    except NotAccessible:
        return None, "Het klantbeeld van deze klant valt buiten uw team (need to know)."
    except ApplicationError as exc:  # e.g. the customer restricted processing (AVG art. 18)
        return None, exc.message
    return view, ""


def _candidates_read(worker: Worker, item: WorkItem) -> list[dict[str, object]]:
    """The ranked candidates of an unconfirmed sender, minus those who restricted processing."""
    if not item.identity_pending or not item.candidates:
        return []
    uuids = [UUID(str(candidate["party_uuid"])) for candidate in item.candidates]
    restricted = restricted_subjects(worker.accessor.provider_id, uuids)
    shown = [c for c in item.candidates if UUID(str(c["party_uuid"])) not in restricted]
    purpose_bound(
        accessor=worker.accessor,
        activity=Activity.CUSTOMER_SEARCH,
        operation=Operation.READ,
        subjects=[UUID(str(candidate["party_uuid"])) for candidate in shown],
    )
    return shown


def colleagues_for(worker: Worker) -> QuerySet[Actor]:
    """Colleagues an item can be assigned or transferred to: active employees of the
    organisation with a place in the inbox."""
    return (
        Actor.objects.filter(
            provider_id=worker.accessor.provider_id,
            is_active=True,
            kind=ActorKind.EMPLOYEE,
            agent__isnull=False,
        )
        .exclude(pk=worker.actor.pk)
        .order_by("name")
    )


def transfer_queues(worker: Worker) -> QuerySet[Queue]:
    """Any queue of the organisation: a warm transfer may leave one's own queues."""
    return Queue.objects.filter(provider_id=worker.accessor.provider_id).order_by("name")


# --- reply templates -------------------------------------------------------------------------


def reply_templates_for(*, worker: Worker, detail: ItemDetail) -> list[FilledTemplate]:
    """The organisation's active templates, those in the customer's answer style first
    (TONE-03), with ``{naam}`` as the customer likes to be addressed (TONE-01)."""
    party = detail.customer.party if detail.customer else None
    preference = _preference_of(party)
    style = preference.answer_style if preference is not None else ""
    name = _addressed_as(party, preference)
    templates = ReplyTemplate.objects.filter(
        provider_id=worker.accessor.provider_id, is_active=True
    ).order_by("title")
    filled = [
        FilledTemplate(
            template=template,
            text=template.body.replace("{naam}", name),
            fits_customer=bool(style) and template.answer_style == style,
        )
        for template in templates
    ]
    return sorted(filled, key=lambda entry: not entry.fits_customer)


def _preference_of(party: Party | None) -> Preference | None:
    if party is None:
        return None
    try:
        return party.preference
    except Preference.DoesNotExist:
        return None


def _addressed_as(party: Party | None, preference: Preference | None) -> str:
    """Full name for "u", the first name for "je"; a neutral address for an unknown sender."""
    if party is None:
        return "meneer/mevrouw"
    if preference is not None and preference.form_of_address == FormOfAddress.INFORMAL:
        return party.given_names.split(" ")[0] or party.display_name
    return party.display_name
