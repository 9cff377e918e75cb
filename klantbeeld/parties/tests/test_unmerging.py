"""Undoing a merge (issue 5, CV-01): exactly what was moved goes back, with its own reason,
log records and refusals."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from klantbeeld.core import clock
from klantbeeld.core.errors import PermissionMissing
from klantbeeld.parties import merging, selectors
from klantbeeld.parties.models import (
    DigitalAddress,
    Party,
    PartyMerge,
    Preference,
)
from klantbeeld.parties.tests.merge_support import (
    CORRECTION,
    REASON,
    Case,
    Participant,
    conversation_for,
    email_for,
    pointers,
)
from klantbeeld.privacy import roles
from klantbeeld.privacy.constants import Operation
from klantbeeld.privacy.models import ProcessingLog
from klantbeeld.privacy.subject_data import subject_data_sources
from klantbeeld.privacy.subject_requests import legal_hold_place
from tests.factories import (
    PartyFactory,
    UserFactory,
    address_for,
    bsn_for,
    case_for,
    contact_moments_for,
)


def _rich_duplicates(survivor, duplicate, actor):
    contact_moments_for(duplicate, 2, actor=actor)
    contact_moments_for(survivor, 1, actor=actor)
    case_for(duplicate)
    conversation_for(duplicate)
    bsn_for(duplicate)
    email_for(survivor, "jan@example.nl", default=True)
    email_for(duplicate, "jan@example.nl")
    email_for(duplicate, "j.devries@example.nl", default=True)
    Preference.objects.create(party=duplicate)
    address_for(duplicate)


def test_an_undo_restores_exactly_what_was_there(admin, survivor, duplicate, actor):
    # given
    _rich_duplicates(survivor, duplicate, actor)
    before = pointers()
    merge = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)
    assert pointers() != before

    # when
    undone = merging.party_unmerge(accessor=admin, merge=merge, reason="Twee verschillende mensen")

    # then
    assert pointers() == before
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None
    assert duplicate.merged_at is None
    assert undone.undone_at is not None
    assert undone.undo_reason == "Twee verschillende mensen"
    assert undone.undo_outcome == {
        "teruggezet": merge.moves.filter(is_moved=True).count(),
        "gebleven": 0,
    }
    assert selectors.party_search(
        accessor=admin, query=duplicate.number, limit=5, activity=CORRECTION
    ).parties == [duplicate]


def test_rows_created_after_the_merge_stay_with_the_survivor(admin, survivor, duplicate, actor):
    # given
    contact_moments_for(duplicate, 1, actor=actor)
    merge = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)
    later = case_for(survivor, goal="Afvalpas aanvragen")
    [new_moment] = contact_moments_for(survivor, 1, actor=actor)

    # when
    undone = merging.party_unmerge(accessor=admin, merge=merge, reason="Verkeerd samengevoegd")

    # then
    assert Case.objects.get(pk=later.pk).party_id == survivor.pk
    assert new_moment.participants.get().party_id == survivor.pk
    assert Participant.objects.exclude(contact_moment=new_moment).get().party_id == duplicate.pk
    assert undone.undo_outcome["gebleven"] == 0


def test_a_moved_row_relinked_since_is_left_where_it_is(admin, survivor, duplicate, provider):
    # given
    case = case_for(duplicate)
    merge = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)
    third = PartyFactory(provider=provider)
    Case.objects.filter(pk=case.pk).update(party=third)

    # when
    undone = merging.party_unmerge(accessor=admin, merge=merge, reason="Verkeerd samengevoegd")

    # then
    assert Case.objects.get(pk=case.pk).party_id == third.pk
    assert undone.undo_outcome == {"teruggezet": 0, "gebleven": 1}


def test_an_undo_is_refused_while_the_survivor_is_merged_into_another(
    admin, survivor, duplicate, provider, actor
):
    # given: the duplicate went into the survivor, the survivor then into a third
    contact_moments_for(duplicate, 1, actor=actor)
    first = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)
    third = PartyFactory(provider=provider)
    second = merging.party_merge(accessor=admin, survivor=third, merged=survivor, reason=REASON)

    # when / then
    with pytest.raises(ValidationError, match="Maak eerst die samenvoeging ongedaan"):
        merging.party_unmerge(accessor=admin, merge=first, reason="Fout")
    assert Participant.objects.get().party_id == third.pk

    # and in the right order both undo
    merging.party_unmerge(accessor=admin, merge=second, reason="Fout")
    merging.party_unmerge(accessor=admin, merge=first, reason="Fout")
    assert Participant.objects.get().party_id == duplicate.pk


def test_an_undo_is_done_once_and_needs_a_reason(admin, survivor, duplicate):
    # given
    merge = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # when / then
    with pytest.raises(ValidationError) as error:
        merging.party_unmerge(accessor=admin, merge=merge, reason=" ")
    assert "reason" in error.value.message_dict
    merging.party_unmerge(accessor=admin, merge=merge, reason="Fout")
    with pytest.raises(ValidationError, match="al ongedaan"):
        merging.party_unmerge(accessor=admin, merge=merge, reason="Nog eens")


def test_an_undo_logs_an_update_for_both_and_needs_data_correction(
    admin, accessor, survivor, duplicate
):
    # given
    merge = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)
    ProcessingLog.objects.all().delete()

    # when
    with pytest.raises(PermissionMissing):
        merging.party_unmerge(accessor=accessor, merge=merge, reason="Fout")
    assert ProcessingLog.objects.count() == 0
    merging.party_unmerge(accessor=admin, merge=merge, reason="Fout")

    # then
    assert set(ProcessingLog.objects.values_list("data_subject", "operation")) == {
        (survivor.uuid, Operation.UPDATE),
        (duplicate.uuid, Operation.UPDATE),
    }


def test_an_undo_is_refused_when_rows_would_leave_the_survivors_legal_hold(
    admin, system, survivor, duplicate
):
    # given
    case = case_for(duplicate)
    merge = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)
    legal_hold_place(
        accessor=system,
        data_subject=survivor.uuid,
        reason="Fiscale bewaarplicht",
        until=clock.today() + timedelta(days=30),
    )

    # when / then
    with pytest.raises(ValidationError, match="bewaarplicht"):
        merging.party_unmerge(accessor=admin, merge=merge, reason="Fout")
    assert Case.objects.get(pk=case.pk).party_id == survivor.pk


def test_erasing_the_survivor_erases_the_merged_duplicate_too(admin, system, survivor, duplicate):
    # given (AVG 17): the duplicate kept an e-mail address the survivor had too
    email_for(survivor, "jan@example.nl")
    kept = email_for(duplicate, "jan@example.nl")
    merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # when
    for _, source in subject_data_sources():
        source.erase(survivor.provider_id, survivor.uuid)

    # then
    assert not Party.objects.filter(pk__in=[survivor.pk, duplicate.pk]).exists()
    assert not DigitalAddress.objects.filter(pk=kept.pk).exists()
    assert PartyMerge.objects.count() == 0


# --- admin -----------------------------------------------------------------------------------


def test_the_admin_shows_a_merge_read_only_and_logs_the_read(
    client, provider, admin, survivor, duplicate
):
    # given
    merge = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)
    staff = UserFactory(
        provider=provider, role=roles.FUNCTIONAL_ADMIN, username="beheer2", is_staff=True
    )
    client.force_login(staff)
    url = reverse("admin:parties_partymerge_change", args=[merge.pk])
    ProcessingLog.objects.all().delete()

    # when
    page = client.get(url)
    change = client.post(url, {"reason": "Iets anders"})

    # then
    assert page.status_code == 200
    assert REASON in page.content.decode()
    assert change.status_code == 403
    assert PartyMerge.objects.get(pk=merge.pk).reason == REASON
    assert set(ProcessingLog.objects.values_list("data_subject", "operation")) == {
        (survivor.uuid, Operation.READ),
        (duplicate.uuid, Operation.READ),
    }
