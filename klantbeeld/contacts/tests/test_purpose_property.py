"""Property (issue 3): no combination of role and read reaches personal data without a
processing-log record for every customer it returns, and a refused read leaves no record."""

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantbeeld.contacts import selectors
from klantbeeld.contacts.models import Actor
from klantbeeld.core.errors import NotAccessible, PermissionMissing
from klantbeeld.parties.selectors import access_party
from klantbeeld.privacy import roles
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.models import ProcessingLog
from klantbeeld.privacy.selectors import accessor_for_user
from tests.factories import PartyFactory, UserFactory, bsn_for, case_for, phone_for

Read = Callable[..., list]


def _view(accessor, party):
    view = selectors.customer_view_get(
        accessor=accessor, party_uuid=party.uuid, timeline=selectors.TimelineFilter()
    )
    return [view.party]


def _search(accessor, party):
    return selectors.customer_search(accessor=accessor, query=party.surname, limit=25).parties


def _screen_pop(accessor, party):
    pop = selectors.customer_screen_pop(accessor=accessor, phone="+31612345678")
    return [pop.party] if pop.party else pop.candidates


def _timeline(accessor, party):
    return [
        selectors.timeline_get(
            accessor=accessor, party_uuid=party.uuid, timeline=selectors.TimelineFilter()
        )[0]
    ]


def _access_for(activity: Activity) -> Read:
    def read(accessor, party):
        return [access_party(accessor=accessor, party_uuid=party.uuid, activity=activity)]

    return read


READS: dict[str, Read] = {
    "customer view": _view,
    "search": _search,
    "screen-pop": _screen_pop,
    "timeline": _timeline,
    **{f"access for {activity.value}": _access_for(activity) for activity in Activity},
}


@pytest.fixture
def people(provider):
    """One user per role, all in one team; a customer with a case of that team."""
    team = Actor.objects.create(provider=provider, kind="organisatorische_eenheid", name="Team")
    users = {}
    for index, role in enumerate(roles.ROLE_ACTIVITIES):
        user = UserFactory(provider=provider, role=role, username=f"rol{index}")
        Actor.objects.create(provider=provider, kind="medewerker", name=role, user=user, team=team)
        users[role] = user
    party = PartyFactory(provider=provider, surname="Visser")
    bsn_for(party, "111222333")
    phone_for(party, "+31612345678")
    case = case_for(party)
    case.team = team
    case.save()
    return users, party


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(role=st.sampled_from(sorted(roles.ROLE_ACTIVITIES)), read=st.sampled_from(sorted(READS)))
def test_every_read_is_either_refused_without_a_trace_or_logged_per_customer(people, role, read):
    # given
    users, party = people
    accessor = accessor_for_user(users[role])
    before = set(ProcessingLog.objects.values_list("id", flat=True))

    # when
    try:
        returned = READS[read](accessor, party)
    except (PermissionMissing, NotAccessible):
        returned = None

    # then
    new = ProcessingLog.objects.exclude(id__in=before)
    if returned is None:
        assert not new.exists(), f"{role} / {read}: refused, yet logged"
    else:
        logged = set(new.values_list("data_subject", flat=True))
        assert {p.uuid for p in returned} <= logged, f"{role} / {read}: data without a log record"
        assert new.filter(actor_id=str(users[role].uuid)).count() == new.count()
