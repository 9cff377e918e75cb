"""Merging duplicate customers and undoing it (issue 5, CV-01): the rules, the generic move of
every row of every app, collisions, an exact undo, and the processing log."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from klantbeeld.core import clock
from klantbeeld.core.errors import NotAccessible, PermissionMissing
from klantbeeld.parties import merging, selectors
from klantbeeld.parties.constants import PartyKind
from klantbeeld.parties.models import (
    DigitalAddress,
    Party,
    PartyIdentifier,
    PartyMerge,
    PartyMergeMove,
    PostalAddress,
    Preference,
    Representation,
)
from klantbeeld.parties.tests.merge_support import (
    CORRECTION,
    REASON,
    Case,
    ContactMoment,
    Conversation,
    InternalTask,
    Participant,
    conversation_for,
    email_for,
    pointers,
)
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.models import ProcessingLog
from klantbeeld.privacy.subject_requests import legal_hold_place, subject_restrict
from tests.factories import (
    ActorFactory,
    PartyFactory,
    address_for,
    bsn_for,
    case_for,
    contact_moments_for,
    phone_for,
)

# --- the move --------------------------------------------------------------------------------


def test_relations_are_found_in_every_app_without_importing_it():
    # when
    labels = {(relation.label, relation.field.name) for relation in merging.party_relations()}

    # then: contacts' tables are found, the merge bookkeeping is not moved
    assert {
        ("contacts.participant", "party"),
        ("contacts.case", "party"),
        ("contacts.conversation", "party"),
        ("contacts.internaltask", "party"),
        ("parties.preference", "party"),
        ("parties.party", "works_for"),
    } <= labels
    assert ("parties.party", "merged_into") not in labels
    assert not any(label.startswith("parties.partymerge") for label, _ in labels)


def test_a_merge_moves_contacts_cases_conversations_and_agreements_to_the_survivor(
    admin, survivor, duplicate, actor
):
    # given: the WhatsApp duplicate has the history, the survivor one contact of its own
    moments = contact_moments_for(duplicate, 3, actor=actor)
    own = contact_moments_for(survivor, 1, actor=actor)
    case = case_for(duplicate)
    conversation = conversation_for(duplicate)

    # when
    merge = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # then
    participants = Participant.objects.filter(contact_moment__in=moments + own)
    assert set(participants.values_list("party_id", flat=True)) == {survivor.pk}
    assert Case.objects.get(pk=case.pk).party_id == survivor.pk
    assert Conversation.objects.get(pk=conversation.pk).party_id == survivor.pk
    assert set(InternalTask.objects.values_list("party_id", flat=True)) == {survivor.pk}
    assert ContactMoment.objects.filter(participants__party=survivor).count() == 4
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == survivor.pk
    assert duplicate.merged_at is not None
    # every moved row is recorded: 3 participants, 3 agreements, 1 case, 1 conversation
    assert merge.moves.filter(is_moved=True).count() == 8
    assert PartyMergeMove.objects.filter(model_label="contacts.participant").count() == 3


def test_the_survivors_own_fields_stay_and_the_duplicates_are_kept_in_the_record(
    admin, survivor, duplicate
):
    # given
    before = (survivor.given_names, survivor.surname, survivor.date_of_birth)

    # when
    merge = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # then
    survivor.refresh_from_db()
    assert (survivor.given_names, survivor.surname, survivor.date_of_birth) == before
    snapshot = PartyMerge.objects.get(pk=merge.pk).merged_snapshot
    assert snapshot["given_names"] == "J."
    assert snapshot["surname"] == "Vries"
    assert snapshot["number"] == duplicate.number
    assert snapshot["date_of_birth"] == duplicate.date_of_birth.isoformat()
    assert merge.reason == REASON
    assert merge.performed_by == admin.identifier


def test_the_same_email_address_stays_with_the_duplicate_and_is_recorded_as_not_moved(
    admin, survivor, duplicate
):
    # given
    email_for(survivor, "jan@example.nl")
    same = email_for(duplicate, "jan@example.nl")
    other = email_for(duplicate, "j.devries@example.nl")

    # when
    merge = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # then
    assert DigitalAddress.objects.get(pk=same.pk).party_id == duplicate.pk
    assert DigitalAddress.objects.get(pk=other.pk).party_id == survivor.pk
    assert survivor.digital_addresses.filter(value="jan@example.nl").count() == 1
    kept = merge.moves.get(object_pk=str(same.pk))
    assert not kept.is_moved
    assert kept.note == merging.NOTE_ALREADY_THERE


def test_a_second_default_address_moves_but_the_survivors_default_stays_default(
    admin, survivor, duplicate
):
    # given
    email_for(survivor, "jan@example.nl", default=True)
    theirs = email_for(duplicate, "j.devries@example.nl", default=True)

    # when
    merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # then: one default per kind
    theirs.refresh_from_db()
    assert theirs.party_id == survivor.pk
    assert not theirs.is_default
    assert survivor.digital_addresses.filter(is_default=True).count() == 1


def test_a_preference_and_an_address_of_the_same_kind_stay_with_the_duplicate(
    admin, survivor, duplicate
):
    # given: both have a preference (one-to-one) and a home address (one per kind)
    Preference.objects.create(party=survivor, answer_style="kort")
    theirs = Preference.objects.create(party=duplicate, answer_style="uitgebreid")
    address_for(survivor, "3511 AB", 1)
    home = address_for(duplicate, "3511 AB", 2)
    post = PostalAddress.objects.create(
        party=duplicate, kind="correspondentieadres", street="Postbus", postcode="3500 AA"
    )

    # when
    merge = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # then
    assert Preference.objects.get(pk=theirs.pk).party_id == duplicate.pk
    assert Preference.objects.get(party=survivor).answer_style == "kort"
    assert PostalAddress.objects.get(pk=home.pk).party_id == duplicate.pk
    assert PostalAddress.objects.get(pk=post.pk).party_id == survivor.pk
    assert set(merge.moves.filter(is_moved=False).values_list("model_label", flat=True)) == {
        "parties.preference",
        "parties.postaladdress",
    }


def test_a_preference_only_the_duplicate_has_moves(admin, survivor, duplicate):
    # given
    theirs = Preference.objects.create(party=duplicate, answer_style="geruststellend")

    # when
    merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # then
    assert Preference.objects.get(pk=theirs.pk).party_id == survivor.pk


def test_the_duplicates_bsn_moves_when_the_survivor_has_none(admin, survivor, duplicate):
    # given
    bsn = bsn_for(duplicate)

    # when
    merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # then: the survivor is now found by that BSN, the duplicate is not
    assert PartyIdentifier.objects.get(pk=bsn.pk).party_id == survivor.pk
    found = selectors.party_search(accessor=admin, query=bsn.value, limit=10, activity=CORRECTION)
    assert found.parties == [survivor]


def test_a_representation_between_the_two_is_not_turned_onto_itself(admin, survivor, duplicate):
    # given
    between = Representation.objects.create(
        provider=survivor.provider, representative=duplicate, represented=survivor
    )

    # when
    merge = merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # then
    between.refresh_from_db()
    assert between.representative_id == duplicate.pk
    assert not merge.moves.get(model_label="parties.representation").is_moved


def test_contact_persons_of_a_merged_organisation_move_with_it(admin, provider):
    # given
    company = PartyFactory(
        provider=provider, kind=PartyKind.ORGANISATION, organisation_name="Bakker BV"
    )
    twin = PartyFactory(provider=provider, kind=PartyKind.ORGANISATION, organisation_name="Bakker")
    bookkeeper = PartyFactory(provider=provider, kind=PartyKind.CONTACT_PERSON, works_for=twin)

    # when
    merging.party_merge(accessor=admin, survivor=company, merged=twin, reason=REASON)

    # then
    assert Party.objects.get(pk=bookkeeper.pk).works_for_id == company.pk


# --- the rules -------------------------------------------------------------------------------


def _refused(admin, survivor, duplicate, message):
    before = pointers()
    with pytest.raises(ValidationError) as error:
        merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)
    assert message in " ".join(error.value.messages)
    assert pointers() == before
    assert PartyMerge.objects.count() == 0
    assert not Party.objects.filter(merged_into__isnull=False).exists()
    assert not ProcessingLog.objects.filter(operation=Operation.UPDATE).exists()


def test_a_party_cannot_be_merged_with_itself(admin, survivor):
    _refused(admin, survivor, survivor, "met zichzelf")


def test_two_different_bsns_are_two_people(admin, survivor, duplicate, actor):
    # given
    bsn_for(survivor)
    bsn_for(duplicate)
    contact_moments_for(duplicate, 1, actor=actor)

    # then
    _refused(admin, survivor, duplicate, "verschillende personen")


def test_a_person_and_an_organisation_are_not_merged(admin, survivor, provider):
    company = PartyFactory(provider=provider, kind=PartyKind.ORGANISATION, organisation_name="X")
    _refused(admin, survivor, company, "dezelfde soort")


def test_a_party_merged_already_is_refused(admin, survivor, duplicate, provider):
    # given
    third = PartyFactory(provider=provider)
    merging.party_merge(accessor=admin, survivor=third, merged=duplicate, reason=REASON)
    before = pointers()

    # when / then
    with pytest.raises(ValidationError, match="al samengevoegd"):
        merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)
    with pytest.raises(ValidationError, match="al samengevoegd"):
        merging.party_merge(accessor=admin, survivor=duplicate, merged=survivor, reason=REASON)
    assert pointers() == before
    assert PartyMerge.objects.count() == 1


def test_a_legal_hold_on_either_refuses_the_merge(admin, system, survivor, duplicate):
    # given
    legal_hold_place(
        accessor=system,
        data_subject=duplicate.uuid,
        reason="Fiscale bewaarplicht",
        until=clock.today() + timedelta(days=365),
    )
    ProcessingLog.objects.all().delete()

    # then
    _refused(admin, survivor, duplicate, "bewaarplicht")


def test_restricted_processing_refuses_the_merge(admin, system, survivor, duplicate):
    # given
    subject_restrict(accessor=system, data_subject=survivor.uuid, reason="Bezwaar loopt")
    ProcessingLog.objects.all().delete()

    # then
    _refused(admin, survivor, duplicate, "AVG artikel 18")


def test_a_secret_duplicate_is_not_merged_into_a_customer_without_secrecy(
    admin, survivor, duplicate
):
    Party.objects.filter(pk=duplicate.pk).update(is_secret=True)
    duplicate.refresh_from_db()
    _refused(admin, survivor, duplicate, "geheimhouding")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(admin, survivor, duplicate, reason):
    # when / then
    with pytest.raises(ValidationError) as error:
        merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=reason)
    assert "reden" in error.value.message_dict["reason"][0]
    assert PartyMerge.objects.count() == 0


def test_another_organisations_party_is_not_found_and_nothing_moves(
    admin, survivor, other_provider, actor
):
    # given
    stranger = PartyFactory(provider=other_provider)
    moments = contact_moments_for(stranger, 1, actor=ActorFactory(provider=other_provider))
    del actor, moments

    # when / then
    with pytest.raises(NotAccessible):
        merging.party_merge(accessor=admin, survivor=survivor, merged=stranger, reason=REASON)
    assert Participant.objects.get().party_id == stranger.pk
    assert PartyMerge.objects.count() == 0


def test_an_employee_without_data_correction_may_not_merge(accessor, survivor, duplicate):
    # given: the front office serves customers but does not correct their data
    with pytest.raises(PermissionMissing):
        merging.party_merge(accessor=accessor, survivor=survivor, merged=duplicate, reason=REASON)
    assert PartyMerge.objects.count() == 0
    assert ProcessingLog.objects.count() == 0


# --- the log and the reads -------------------------------------------------------------------


def test_a_merge_logs_an_update_for_both_customers(admin, survivor, duplicate):
    # when
    merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # then
    logged = set(ProcessingLog.objects.values_list("data_subject", "activity__code", "operation"))
    assert logged == {
        (survivor.uuid, Activity.DATA_CORRECTION, Operation.UPDATE),
        (duplicate.uuid, Activity.DATA_CORRECTION, Operation.UPDATE),
    }


def test_a_merged_party_is_no_search_result_nor_screen_pop(admin, system, survivor, duplicate):
    # given
    phone_for(duplicate, "+31612345678")
    phone_for(survivor, "+31687654321")
    merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # when
    by_number = selectors.party_search(accessor=system, query=duplicate.number, limit=10)
    by_name = selectors.party_search(accessor=system, query="Vries", limit=10)
    pop = selectors.party_screen_pop(accessor=system, phone="0612345678")

    # then: the duplicate's phone moved to the survivor, who pops up
    assert by_number.parties == []
    assert by_name.parties == [survivor]
    assert pop.party == survivor


def test_opening_a_merged_party_says_where_it_lives_on(admin, system, survivor, duplicate):
    # given
    merging.party_merge(accessor=admin, survivor=survivor, merged=duplicate, reason=REASON)

    # when
    opened = selectors.access_party(
        accessor=system, party_uuid=duplicate.uuid, activity=Activity.CUSTOMER_VIEW
    )

    # then
    assert opened.merged_into == survivor


def test_the_preview_counts_what_each_has_and_names_the_refusals(admin, survivor, duplicate, actor):
    # given
    contact_moments_for(duplicate, 2, actor=actor)
    bsn_for(survivor)
    bsn_for(duplicate)

    # when
    preview = merging.party_merge_preview(
        accessor=admin, survivor_uuid=survivor.uuid, merged_uuid=duplicate.uuid
    )

    # then
    counts = {title: (mine, theirs) for title, mine, theirs in preview.counts}
    assert counts["Betrokkenen"] == (0, 2)
    assert counts["Identificaties"] == (1, 1)
    assert any("verschillende personen" in problem for problem in preview.refusals)


# --- undo ------------------------------------------------------------------------------------
