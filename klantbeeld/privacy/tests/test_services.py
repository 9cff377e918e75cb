"""The purpose-bound gate and the processing register (PRIV-01, PRIV-05)."""

import pytest

from klantbeeld.core.errors import PermissionMissing
from klantbeeld.core.tracing import trace
from klantbeeld.privacy.catalogue import DEFAULT_REGISTER, entries_for
from klantbeeld.privacy.constants import AccessorKind, Activity, Operation
from klantbeeld.privacy.models import ProcessingActivity, ProcessingLog
from klantbeeld.privacy.selectors import accessor_for_user, processing_log_list
from klantbeeld.privacy.services import processing_register_install, purpose_bound
from tests.factories import PartyFactory, UserFactory


def test_every_activity_has_a_default_register_entry():
    # given / when
    registered = {entry.activity for entry in DEFAULT_REGISTER}

    # then: a selector naming an activity is always backed by the register (PRIV-01)
    assert registered == set(Activity)


def test_register_install_is_idempotent_and_keeps_edited_wording(provider):
    # given
    activity = ProcessingActivity.objects.get(provider=provider, code=Activity.CUSTOMER_VIEW)
    activity.purpose = "Aangepast door de FG"
    activity.save()

    # when
    created = processing_register_install(provider=provider)

    # then
    assert created == []
    activity.refresh_from_db()
    assert activity.purpose == "Aangepast door de FG"
    assert ProcessingActivity.objects.filter(provider=provider).count() == len(
        entries_for(provider.kind)
    )


def test_purpose_bound_logs_one_record_per_subject_with_trace_and_actor(
    accessor, provider, front_office
):
    # given
    first, second = PartyFactory(provider=provider), PartyFactory(provider=provider)

    # when
    with trace("4bf92f3577b34da6a3ce929d0e0e4736"):
        purpose_bound(
            accessor=accessor,
            activity=Activity.CUSTOMER_SEARCH,
            operation=Operation.READ,
            subjects=[first.uuid, second.uuid],
        )

    # then
    records = ProcessingLog.objects.order_by("id")
    assert [record.data_subject for record in records] == [first.uuid, second.uuid]
    record = records[0]
    assert record.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert record.activity.code == Activity.CUSTOMER_SEARCH
    assert record.actor_kind == AccessorKind.EMPLOYEE
    assert record.actor_id == str(front_office.uuid)
    assert record.operation == Operation.READ
    assert list(processing_log_list(provider=provider, data_subject=first.uuid)) == [record]


def test_purpose_bound_refuses_an_activity_the_role_lacks_and_logs_nothing(privacy_officer, party):
    # given
    accessor = accessor_for_user(privacy_officer)

    # when / then
    with pytest.raises(PermissionMissing):
        purpose_bound(
            accessor=accessor,
            activity=Activity.CUSTOMER_VIEW,
            operation=Operation.READ,
            subjects=[party.uuid],
        )
    assert ProcessingLog.objects.count() == 0


def test_an_account_without_organisation_may_process_nothing(db):
    # given
    user = UserFactory(provider=None)

    # when / then
    with pytest.raises(PermissionMissing):
        accessor_for_user(user)


def test_roles_grant_need_to_know_activities(front_office, privacy_officer):
    # given / when
    front = accessor_for_user(front_office)
    officer = accessor_for_user(privacy_officer)

    # then: the privacy officer keeps the register, but does not read customer files
    assert front.may(Activity.CUSTOMER_VIEW)
    assert front.may(Activity.CONTACT_REGISTER)
    assert not officer.may(Activity.CUSTOMER_VIEW)
    assert not officer.may(Activity.CUSTOMER_SEARCH)
