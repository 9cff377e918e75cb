"""What the citizen is told at a handover, inside and outside office hours, and the summary
the employee reads first (issue 6, item 4)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from klantbeeld.assistant.handover import citizen_notice, next_opening, opening_sentence
from klantbeeld.assistant.models import AssistantSettings

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=AMSTERDAM)
FRIDAY_EVENING = datetime(2026, 11, 27, 19, 30, tzinfo=AMSTERDAM)


def _config() -> AssistantSettings:
    return AssistantSettings(
        office_days=[0, 1, 2, 3, 4], office_opens=time(8, 0), office_closes=time(17, 0)
    )


def _item(*, assigned: str = "", due: datetime | None = None) -> SimpleNamespace:
    return SimpleNamespace(
        assigned_to=SimpleNamespace(name=assigned) if assigned else None,
        queue=SimpleNamespace(name="Burgerzaken"),
        first_response_due=due,
        conversation_id=1,
        conversation=SimpleNamespace(provider=SimpleNamespace(phone_number="088 010 0100")),
    )


def test_during_office_hours_the_citizen_hears_who_and_how_soon():
    notice = citizen_notice(
        item=_item(due=MONDAY_NOON + timedelta(minutes=60)),
        config=_config(),
        now=MONDAY_NOON,
        urgent=False,
    )
    assert notice.startswith("Ik geef uw vraag door aan een medewerker van Burgerzaken.")
    assert "binnen 60 minuten" in notice
    assert "niet opnieuw te stellen" in notice


def test_a_named_colleague_is_introduced_by_first_name():
    notice = citizen_notice(
        item=_item(assigned="Fatima El Amrani"), config=_config(), now=MONDAY_NOON, urgent=False
    )
    assert notice.startswith("Mijn collega Fatima neemt uw vraag over.")


def test_outside_office_hours_the_citizen_gets_a_promised_time():
    notice = citizen_notice(item=_item(), config=_config(), now=FRIDAY_EVENING, urgent=False)
    assert "We zijn nu gesloten" in notice
    assert "uiterlijk maandag 30 november om 12.00 uur" in notice
    assert "Bel ons" not in notice


def test_an_urgent_question_outside_office_hours_gets_the_phone_number():
    notice = citizen_notice(item=_item(), config=_config(), now=FRIDAY_EVENING, urgent=True)
    assert "Is het dringend? Bel ons dan op 088 010 0100." in notice


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (MONDAY_NOON, MONDAY_NOON),
        (datetime(2026, 11, 23, 7, 0, tzinfo=AMSTERDAM), datetime(2026, 11, 23, 8, 0)),
        (FRIDAY_EVENING, datetime(2026, 11, 30, 8, 0)),
    ],
)
def test_next_opening(now, expected):
    opening = next_opening(_config(), now)
    assert opening is not None
    assert opening.replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_the_employee_starts_with_what_is_known():
    assert (
        opening_sentence("Afval", "")
        == "Ik zie dat u een vraag heeft over afval. Ik help u verder."
    )
    assert opening_sentence("", "verhuizing doorgeven").startswith("Ik zie dat u verhuizing")
    assert not opening_sentence("", "").lower().startswith("wat is uw vraag")
