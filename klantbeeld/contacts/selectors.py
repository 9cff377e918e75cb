"""Reads of the contacts domain, above all the integrated customer view (CV-01..CV-07).

``customer_view_get`` reads the party once through :func:`access_party` (one purpose check and
one processing-log record per view) and then a fixed number of queries, whatever the length of
the history: open cases, open agreements, and one page of the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet

from klantbeeld.contacts.constants import OPEN_CASE_STATUSES, ActorKind, TaskStatus
from klantbeeld.contacts.models import Actor, Case, ContactMoment, InternalTask
from klantbeeld.core.models import Topic, User
from klantbeeld.parties.models import Party
from klantbeeld.parties.selectors import (
    ScreenPop,
    SearchOutcome,
    access_party,
    party_screen_pop,
    party_search,
)
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.emergency import emergency_subjects


@dataclass(frozen=True)
class TimelineFilter:
    channel: str = ""
    topic: str = ""
    page: int = 1


@dataclass
class CustomerView:
    party: Party
    open_cases: list[Case]
    open_agreements: list[InternalTask]
    timeline: Page


def customer_scope(accessor: Accessor) -> Q | None:
    """Need to know (PRIV-04): None for roles that serve every customer (CV-02); otherwise the
    customers with a case of the employee's team or owned by the employee, plus those the
    employee holds emergency access to."""
    if accessor.all_customers:
        return None
    scope = Q(cases__owner__user_id=accessor.user_id) | Q(
        cases__team__members__user_id=accessor.user_id
    )
    emergency = emergency_subjects(accessor)
    if emergency:
        scope |= Q(uuid__in=emergency)
    return scope


def access_customer(*, accessor: Accessor, party_uuid: UUID | str, activity: Activity) -> Party:
    """One customer within the employee's scope, read for ``activity`` and logged."""
    return access_party(
        accessor=accessor, party_uuid=party_uuid, activity=activity, scope=customer_scope(accessor)
    )


def customer_search(*, accessor: Accessor, query: str, limit: int) -> SearchOutcome:
    return party_search(accessor=accessor, query=query, limit=limit, scope=customer_scope(accessor))


def customer_screen_pop(*, accessor: Accessor, phone: str) -> ScreenPop:
    return party_screen_pop(accessor=accessor, phone=phone, scope=customer_scope(accessor))


def customer_view_get(
    *, accessor: Accessor, party_uuid: UUID | str, timeline: TimelineFilter
) -> CustomerView:
    party = access_customer(
        accessor=accessor, party_uuid=party_uuid, activity=Activity.CUSTOMER_VIEW
    )
    return CustomerView(
        party=party,
        open_cases=list(open_cases_for(party)),
        open_agreements=list(open_agreements_for(party)),
        timeline=_timeline_page(party, timeline),
    )


def timeline_get(
    *, accessor: Accessor, party_uuid: UUID | str, timeline: TimelineFilter
) -> tuple[Party, Page]:
    """Only the timeline (the htmx fragment when paging or filtering); a view of its own."""
    party = access_customer(
        accessor=accessor, party_uuid=party_uuid, activity=Activity.CUSTOMER_VIEW
    )
    return party, _timeline_page(party, timeline)


def open_cases_for(party: Party) -> QuerySet[Case]:
    return (
        Case.objects.filter(party=party, status__in=OPEN_CASE_STATUSES)
        .select_related("topic", "owner", "team")
        .order_by("expected_completion", "opened_at")
    )


def open_agreements_for(party: Party) -> QuerySet[InternalTask]:
    return (
        InternalTask.objects.filter(party=party, status=TaskStatus.TO_DO)
        .select_related("assigned_to", "promised_by", "case")
        .order_by("due_at", "assigned_at")
    )


def _timeline_queryset(party: Party, timeline: TimelineFilter) -> QuerySet[ContactMoment]:
    moments = (
        ContactMoment.objects.filter(participants__party=party)
        .select_related("topic", "case", "conversation")
        .prefetch_related(
            Prefetch("actors", queryset=Actor.objects.only("id", "name", "kind")),
            Prefetch("internal_tasks", queryset=InternalTask.objects.select_related("assigned_to")),
            "attachments",
        )
        .order_by("-occurred_at", "-id")
    )
    if timeline.channel:
        moments = moments.filter(channel=timeline.channel)
    if timeline.topic:
        moments = moments.filter(topic__code=timeline.topic)
    return moments


def _timeline_page(party: Party, timeline: TimelineFilter) -> Page:
    paginator = Paginator(
        _timeline_queryset(party, timeline), settings.KLANTBEELD_TIMELINE_PAGE_SIZE
    )
    return paginator.get_page(timeline.page)


def topics_list(*, accessor: Accessor) -> QuerySet[Topic]:
    return Topic.objects.filter(provider_id=accessor.provider_id).order_by("name")


def actors_for_assignment(*, accessor: Accessor) -> QuerySet[Actor]:
    """Colleagues and teams an agreement can be assigned to."""
    return Actor.objects.filter(
        provider_id=accessor.provider_id,
        is_active=True,
        kind__in=[ActorKind.EMPLOYEE, ActorKind.TEAM],
    ).order_by("kind", "name")


def actor_for_user(user: User) -> Actor | None:
    return Actor.objects.filter(user=user, is_active=True).first()


def cases_for_party(*, accessor: Accessor, party: Party) -> QuerySet[Case]:
    """Open cases a new contact can be linked to; the party was read through access_party."""
    if party.provider_id != accessor.provider_id:
        return Case.objects.none()
    return open_cases_for(party)
