"""Consent per purpose and data category, with history, checked at the moment of use."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError

from klantbeeld.core import clock
from klantbeeld.core.constants import Channel, ProviderKind
from klantbeeld.core.errors import PermissionMissing
from klantbeeld.privacy.consent import (
    ConsentChange,
    ConsentMissing,
    consent_give,
    consent_history,
    consent_is_given,
    consent_required,
    consent_withdraw,
)
from klantbeeld.privacy.constants import Activity, DataCategory
from klantbeeld.privacy.models import ProcessingLog
from klantbeeld.privacy.selectors import system_accessor
from tests.factories import ProviderFactory

LEAK = Activity.LEAK_ALERT
USAGE = DataCategory.DAILY_USAGE


@pytest.fixture
def water(db):
    return ProviderFactory(code="water", name="Waterbedrijf Rivierland", kind=ProviderKind.WATER)


@pytest.fixture
def portal(water):
    return system_accessor(
        provider=water, task="mijn-omgeving", activities=(Activity.CONSENT_RECORD,)
    )


def _change(subject, **overrides):
    values = {
        "data_subject": subject,
        "activity": LEAK,
        "data_category": USAGE,
        "channel": Channel.PORTAL,
    }
    return ConsentChange(**{**values, **overrides})


def _given(water, subject, at=None):
    return consent_is_given(
        provider_id=water.pk, data_subject=subject, activity=LEAK, data_category=USAGE, at=at
    )


def test_no_decision_means_no_consent(water):
    # PRIV-11: conservative default
    assert not _given(water, uuid4())


def test_withdrawal_stops_use_at_once_and_the_history_remains(water, portal):
    # given
    subject = uuid4()
    consent_give(accessor=portal, change=_change(subject))
    assert _given(water, subject)

    # when (SC-29)
    consent_withdraw(accessor=portal, change=_change(subject, channel=Channel.PHONE))

    # then
    assert not _given(water, subject)
    with pytest.raises(ConsentMissing):
        consent_required(
            provider_id=water.pk, data_subject=subject, activity=LEAK, data_category=USAGE
        )
    history = consent_history(provider_id=water.pk, data_subject=subject)
    assert [(r.decision, r.channel) for r in history] == [
        ("ingetrokken", "telefoon"),
        ("gegeven", "mijn_omgeving"),
    ]
    assert (
        ProcessingLog.objects.filter(
            data_subject=subject, activity__code=Activity.CONSENT_RECORD
        ).count()
        == 2
    )


def test_consent_for_a_period_ends_by_itself(water, portal):
    # given
    subject = uuid4()
    until = clock.now() + timedelta(days=90)
    consent_give(accessor=portal, change=_change(subject, valid_until=until))

    # then
    assert _given(water, subject)
    assert not _given(water, subject, at=until + timedelta(seconds=1))


def test_consent_is_per_purpose_and_category(water, portal):
    subject = uuid4()
    consent_give(accessor=portal, change=_change(subject))
    assert not consent_is_given(
        provider_id=water.pk,
        data_subject=subject,
        activity=Activity.USAGE_COMPARISON,
        data_category=USAGE,
    )


def test_consent_to_data_outside_the_purpose_is_refused(water, portal):
    with pytest.raises(ValidationError, match="horen niet bij dit doel"):
        consent_give(
            accessor=portal, change=_change(uuid4(), data_category=DataCategory.TRAVEL_HISTORY)
        )


def test_a_statutory_task_takes_no_consent(water, portal):
    with pytest.raises(ValidationError, match="andere grondslag"):
        consent_give(accessor=portal, change=_change(uuid4(), activity=Activity.CUSTOMER_VIEW))


def test_an_organisation_without_the_purpose_cannot_record_consent(provider):
    # given: a municipality does not do leak alerts
    accessor = system_accessor(provider=provider, task="t", activities=(Activity.CONSENT_RECORD,))

    # when / then
    with pytest.raises(ValidationError):
        consent_give(accessor=accessor, change=_change(uuid4()))


def test_a_past_end_date_is_refused(water, portal):
    with pytest.raises(ValidationError, match="toekomst"):
        consent_give(
            accessor=portal, change=_change(uuid4(), valid_until=clock.now() - timedelta(days=1))
        )


def test_recording_consent_needs_the_activity(water):
    accessor = system_accessor(provider=water, task="t", activities=())
    subject = uuid4()
    with pytest.raises(PermissionMissing):
        consent_give(accessor=accessor, change=_change(subject))
    assert consent_history(provider_id=water.pk, data_subject=subject) == []
