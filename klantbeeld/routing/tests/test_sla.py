"""Service norms: on time, nearly late, late, met (issue 5, item 5). Pure: no database."""

from datetime import UTC, datetime, timedelta

import pytest

from klantbeeld.routing.constants import SlaLevel
from klantbeeld.routing.sla import sla_state, timer_level, timer_state

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
DUE = START + timedelta(minutes=60)


@pytest.mark.parametrize(
    ("minutes_later", "level"),
    [
        (0, SlaLevel.OK),
        (44, SlaLevel.OK),
        (45, SlaLevel.WARNING),  # 75 % of the hour used
        (59, SlaLevel.WARNING),
        (60, SlaLevel.BREACHED),
        (300, SlaLevel.BREACHED),
    ],
)
def test_a_running_timer_warns_at_the_policy_percentage_and_breaches_at_due(minutes_later, level):
    # when
    found = timer_level(
        started=START, due=DUE, done_at=None, now=START + timedelta(minutes=minutes_later)
    )

    # then
    assert found == level


def test_the_warning_percentage_comes_from_the_policy():
    # given: a policy that warns at half time
    now = START + timedelta(minutes=31)

    # then
    assert timer_level(started=START, due=DUE, done_at=None, now=now, warning_percent=50) == (
        SlaLevel.WARNING
    )
    assert timer_level(started=START, due=DUE, done_at=None, now=now) == SlaLevel.OK


def test_a_timer_stopped_in_time_is_met_and_one_stopped_late_stays_breached():
    # given
    later = START + timedelta(days=2)

    # then: once stopped, the clock no longer matters
    on_time = timer_level(started=START, due=DUE, done_at=DUE, now=later)
    too_late = timer_level(started=START, due=DUE, done_at=DUE + timedelta(seconds=1), now=later)
    assert (on_time, too_late) == (SlaLevel.MET, SlaLevel.BREACHED)


def test_the_badge_text_says_how_long_is_left_or_how_late_it_is():
    # when
    left = timer_state(name="Eerste reactie", started=START, due=DUE, done_at=None, now=START)
    late = timer_state(
        name="Eerste reactie", started=START, due=DUE, done_at=None, now=DUE + timedelta(minutes=90)
    )
    met = timer_state(name="Afhandeling", started=START, due=DUE, done_at=START, now=DUE)

    # then
    assert left is not None
    assert left.text == "Eerste reactie: nog 1 u"
    assert late is not None
    assert late.text == "Eerste reactie: 1 u 30 min te laat"
    assert late.remaining_minutes == -90
    assert met is not None
    assert met.text == "Afhandeling: gehaald"


def test_no_norm_for_the_channel_means_no_level():
    # when
    state = sla_state(
        received_at=START,
        first_response_due=None,
        first_responded_at=None,
        resolution_due=None,
        resolved_at=None,
        now=START,
    )

    # then
    assert state.headline is None


def test_the_headline_is_the_most_urgent_running_timer():
    # given: first response met, resolution nearly due
    state = sla_state(
        received_at=START,
        first_response_due=START + timedelta(minutes=30),
        first_responded_at=START + timedelta(minutes=10),
        resolution_due=START + timedelta(hours=8),
        resolved_at=None,
        now=START + timedelta(hours=7),
    )

    # then
    assert state.first_response is not None
    assert state.first_response.level == SlaLevel.MET
    assert state.headline is state.resolution
    assert state.headline is not None
    assert state.headline.level == SlaLevel.WARNING
