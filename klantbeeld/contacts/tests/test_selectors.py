"""The integrated customer view (CV-01..CV-07): one log record per view, flat query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klantbeeld.contacts import selectors
from klantbeeld.contacts.constants import CaseStatus, TaskStatus
from klantbeeld.contacts.models import Actor
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.core.errors import NotAccessible
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.models import ProcessingLog
from tests.factories import (
    PartyFactory,
    TopicFactory,
    address_for,
    bsn_for,
    case_for,
    contact_moments_for,
    phone_for,
)


@pytest.fixture
def actor(front_office):
    return Actor.objects.get(user=front_office)


def _view(accessor, party, **filters):
    view = selectors.customer_view_get(
        accessor=accessor, party_uuid=party.uuid, timeline=selectors.TimelineFilter(**filters)
    )
    # touch everything the page shows, as the template does
    for moment in view.timeline.object_list:
        list(moment.actors.all()), list(moment.internal_tasks.all()), list(moment.attachments.all())
        _ = moment.topic, moment.case
    (
        list(view.party.identifiers.all()),
        list(view.party.postal_addresses.all()),
        list(view.party.digital_addresses.all()),
    )
    return view


def test_the_customer_view_shows_open_cases_agreements_and_the_timeline_newest_first(
    accessor, party, actor
):
    # given
    moments = contact_moments_for(party, 3, actor=actor)
    open_case = case_for(party, goal="Paspoort verlengen")
    case_for(party, goal="Oude zaak", status=CaseStatus.CLOSED)
    moments[0].internal_tasks.update(status=TaskStatus.DONE)

    # when
    view = _view(accessor, party)

    # then
    assert view.open_cases == [open_case]
    assert len(view.open_agreements) == 2
    assert list(view.timeline.object_list) == moments  # newest first


def test_one_processing_log_record_per_view(accessor, party, actor, front_office):
    # given
    contact_moments_for(party, 2, actor=actor)

    # when
    _view(accessor, party)

    # then
    record = ProcessingLog.objects.get()
    assert (record.data_subject, record.activity.code, record.operation) == (
        party.uuid,
        Activity.CUSTOMER_VIEW,
        Operation.READ,
    )
    assert record.actor_id == str(front_office.uuid)


def test_the_query_count_does_not_grow_with_the_history(accessor, provider, actor):
    # given: one customer with a short history, one with a long one, fully dressed
    short, long = PartyFactory(provider=provider), PartyFactory(provider=provider)
    for party, count in ((short, 2), (long, 60)):
        bsn_for(party), phone_for(party, "+31612345678"), address_for(party)
        case_for(party)
        contact_moments_for(party, count, actor=actor)

    # when
    with CaptureQueriesContext(connection) as few:
        _view(accessor, short)
    with CaptureQueriesContext(connection) as many:
        _view(accessor, long)

    # then
    assert len(many) == len(few)
    assert len(few) <= 16


def test_the_timeline_filters_by_channel_and_topic_and_pages(accessor, party, actor, topic):
    # given
    other = TopicFactory(provider=party.provider, code="afval", name="Afval")
    contact_moments_for(party, 25, actor=actor, topic=topic)
    contact_moments_for(party, 5, actor=actor, topic=other)

    # when
    by_topic = _view(accessor, party, topic="afval")
    by_channel = _view(accessor, party, channel=Channel.LETTER)
    second_page = _view(accessor, party, page=2)

    # then
    assert by_topic.timeline.paginator.count == 5
    assert {m.channel for m in by_channel.timeline.object_list} == {Channel.LETTER}
    assert second_page.timeline.number == 2
    assert len(second_page.timeline.object_list) == 10


def test_another_organisations_customer_is_not_accessible(accessor, other_provider):
    with pytest.raises(NotAccessible):
        _view(accessor, PartyFactory(provider=other_provider))
    assert ProcessingLog.objects.count() == 0


def test_overdue_agreements_come_first(accessor, party, actor):
    # given
    late, soon = contact_moments_for(party, 2, actor=actor)
    late.internal_tasks.update(due_at=clock.now() - timedelta(days=1))

    # when
    view = _view(accessor, party)

    # then
    assert view.open_agreements[0].contact_moment == late
    assert view.open_agreements[1].contact_moment == soon
