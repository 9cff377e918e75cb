"""``klantbeeld demo``: organisations, logins, scenario people, determinism, idempotency, valid
data, nothing in the future, and a processing-log record for every write (PRIV-05)."""

from __future__ import annotations

import re
from datetime import date
from io import StringIO

import phonenumbers
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from rest_framework.test import APIClient
from stdnum.nl import bsn as stdnum_bsn

from klantbeeld.channels.identity import INTAKE_TASK
from klantbeeld.contacts.constants import CaseStatus, Sentiment
from klantbeeld.contacts.models import Case, CaseStatusChange, ContactMoment, InternalTask
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.core.models import Provider, Topic, User
from klantbeeld.demo.history import history_plan
from klantbeeld.demo.organisations import DEMO_PASSWORD, ORGANISATIONS
from klantbeeld.demo.people import people_generate
from klantbeeld.parties.constants import PHONE_KINDS, IdentifierKind
from klantbeeld.parties.models import DigitalAddress, Party, PartyIdentifier
from klantbeeld.parties.selectors import party_screen_pop, party_search
from klantbeeld.privacy import roles
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.models import ProcessingLog
from klantbeeld.privacy.selectors import accessor_for_user

# TAXONOMY.md, written out here so that a drift in organisations.py fails a test.
WATER_TOPICS = {
    "meterstand",
    "verhuizing_water",
    "termijnbedrag",
    "storing_lekkage",
    "waterkwaliteit",
    "factuur_betaling",
}
E164 = re.compile(r"^\+[1-9][0-9]{7,14}$")


def _demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def _people(code: str) -> list[tuple[str, str]]:
    """(display name, identifiers) of every party of one organisation, in number order."""
    return [
        (party.display_name, ",".join(sorted(i.value for i in party.identifiers.all())))
        for party in Party.objects.filter(provider__code=code)
        .prefetch_related("identifiers")
        .order_by("number")
    ]


@pytest.mark.django_db
def test_water_profile_creates_the_organisation_with_the_taxonomy_topics():
    # when
    output = _demo("--profile", "water", "--people", "5")

    # then
    water = Provider.objects.get(code="water")
    assert water.name == "Waterbedrijf Rivierland"
    assert water.kind == "waterbedrijf"
    assert water.phone_number  # always visible (AR-15)
    assert set(Topic.objects.filter(provider=water).values_list("code", flat=True)) == WATER_TOPICS
    assert not Provider.objects.exclude(code="water").exists()
    assert "kcc.water" in output
    assert DEMO_PASSWORD in output


@pytest.mark.django_db
def test_every_login_has_its_role_a_team_and_the_demo_password():
    # when
    _demo("--profile", "water", "--people", "5")

    # then
    expected = {
        "kcc.water": roles.FRONT_OFFICE,
        "specialist.water": roles.SPECIALIST,
        "teamleider.water": roles.TEAM_LEAD,
        "fg.water": roles.PRIVACY_OFFICER,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD), username
        assert user.is_active
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.provider.code == "water"
        assert user.actor.team is not None
        assert " " in user.get_full_name()  # a real name, not just the username
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.provider is None
    assert admin.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_the_privacy_officer_may_not_view_customers():
    # given
    _demo("--profile", "water", "--people", "5")

    # when
    officer = accessor_for_user(User.objects.get(username="fg.water"))
    front_office = accessor_for_user(User.objects.get(username="kcc.water"))

    # then
    assert not officer.may(Activity.CUSTOMER_VIEW)
    assert front_office.may(Activity.CUSTOMER_VIEW)


@pytest.mark.django_db
def test_a_scenario_person_is_found_by_name_and_by_the_screen_pop():
    # given
    _demo("--profile", "water", "--people", "5")
    accessor = accessor_for_user(User.objects.get(username="kcc.water"))

    # when
    found = party_search(accessor=accessor, query="Bosman", limit=10)
    popped = party_screen_pop(accessor=accessor, phone="06 12345601")

    # then
    assert [party.display_name for party in found.parties] == ["Gerrit Bosman"]
    assert popped.party is not None
    assert popped.party.display_name == "Gerrit Bosman"


@pytest.mark.django_db
def test_a_second_run_creates_nothing_new():
    # given
    _demo("--profile", "water", "--people", "5")
    counts = [model.objects.count() for model in (Party, ContactMoment, User, ProcessingLog)]

    # when
    output = _demo("--profile", "water", "--people", "5")

    # then
    assert [
        model.objects.count() for model in (Party, ContactMoment, User, ProcessingLog)
    ] == counts
    assert "demo data already present" in output
    assert "kcc.water" in output


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_people_in_a_fresh_database():
    # given
    _demo("--profile", "uitvoering", "--people", "8", "--seed", "7")
    first = _people("uitvoering")
    subjects = list(ContactMoment.objects.order_by("number").values_list("subject", flat=True))

    # when
    output = _demo("--profile", "uitvoering", "--people", "8", "--seed", "7", "--reset")

    # then
    assert "Verwijderd: Dienst Belastingen en Toeslagen" in output
    assert _people("uitvoering") == first
    assert (
        list(ContactMoment.objects.order_by("number").values_list("subject", flat=True)) == subjects
    )
    assert Provider.objects.filter(code="uitvoering").count() == 1


def test_generation_is_deterministic_for_a_seed_and_differs_for_another():
    # given
    gemeente = ORGANISATIONS["gemeente"]
    today = date(2026, 11, 22)

    # when
    first = people_generate(organisation=gemeente, seed=2026, count=30, today=today)
    again = people_generate(organisation=gemeente, seed=2026, count=30, today=today)
    other = people_generate(organisation=gemeente, seed=2027, count=30, today=today)

    # then
    assert first == again
    assert [p.bsn for p in first] != [p.bsn for p in other]
    assert history_plan(organisation=gemeente, seed=2026, people=first) == history_plan(
        organisation=gemeente, seed=2026, people=again
    )


def test_generated_people_have_valid_bsns_phone_numbers_and_postcodes():
    # given
    today = date(2026, 11, 22)

    # when
    people = [
        person
        for spec in ORGANISATIONS.values()
        for person in people_generate(organisation=spec, seed=2026, count=200, today=today)
    ]

    # then
    for person in people:
        assert not person.bsn or stdnum_bsn.is_valid(person.bsn)
        for address in person.digital_addresses:
            if address.kind in PHONE_KINDS:
                assert E164.match(address.value)
                assert phonenumbers.is_valid_number(phonenumbers.parse(address.value))
        assert person.address.postcode[5:] not in ("SA", "SD", "SS")


def test_the_background_history_uses_every_channel():
    # given
    today = date(2026, 11, 22)
    used = set()

    # when
    for spec in ORGANISATIONS.values():
        people = people_generate(organisation=spec, seed=2026, count=150, today=today)
        for threads in history_plan(organisation=spec, seed=2026, people=people):
            used |= {thread.channel for thread in threads}

    # then: every channel of ours; "overig" is only for other systems' channel names
    assert used == set(Channel) - {Channel.OTHER}


@pytest.mark.django_db
def test_stored_bsns_and_phone_numbers_are_valid_and_only_where_a_bsn_may_be_used():
    # when
    _demo("--profile", "gemeente", "--people", "10")
    _demo("--profile", "water", "--people", "10")

    # then
    bsns = PartyIdentifier.objects.filter(kind=IdentifierKind.BSN)
    assert bsns.filter(provider__code="gemeente").count() >= 10
    assert not bsns.filter(provider__code="water").exists()  # no legal basis (PRIV-01)
    assert all(stdnum_bsn.is_valid(value) for value in bsns.values_list("value", flat=True))
    phones = DigitalAddress.objects.filter(kind__in=PHONE_KINDS).values_list("value", flat=True)
    assert phones
    assert all(E164.match(value) for value in phones)


@pytest.mark.django_db
def test_nothing_happens_in_the_future():
    # when
    _demo("--profile", "gemeente", "--people", "10")

    # then
    now = clock.now()
    assert ContactMoment.objects.count() > 0
    assert not ContactMoment.objects.filter(occurred_at__gt=now).exists()
    assert not CaseStatusChange.objects.filter(changed_at__gt=now).exists()
    assert not InternalTask.objects.filter(completed_at__gt=now).exists()


@pytest.mark.django_db
def test_every_write_is_in_the_processing_log_of_the_demo_task():
    # when
    _demo("--profile", "water", "--people", "5")

    # then
    logged = ProcessingLog.objects.filter(actor_id="demo")
    assert logged.count() > 0
    # the demo's waiting messages take the real inbound path, logged by the intake task
    intake = ProcessingLog.objects.filter(actor_id=INTAKE_TASK)
    assert intake.count() > 0
    assert logged.count() + intake.count() == ProcessingLog.objects.count()
    subjects = set(logged.values_list("data_subject", flat=True))
    assert set(Party.objects.values_list("uuid", flat=True)) <= subjects


@pytest.mark.django_db
def test_the_gemeente_scenarios_tell_their_story():
    # when
    _demo("--profile", "gemeente", "--people", "0")

    # then
    mourning = Case.objects.get(party__surname="Verbeek")
    assert mourning.owner is not None
    assert mourning.owner.name == "Marieke van Dijk"
    assert mourning.sentiment == Sentiment.SAD
    spiral = Case.objects.get(party__surname="Doelwijt")
    handlers = set(spiral.status_changes.values_list("changed_by", flat=True)) | set(
        spiral.contact_moments.values_list("actors", flat=True)
    )
    assert len(handlers) >= 4
    assert spiral.owner is None
    stalled = Case.objects.get(party__surname="Brouwer")
    assert list(stalled.status_changes.values_list("status", flat=True)) == [CaseStatus.RECEIVED]
    opened_on = timezone.localtime(stalled.opened_at).date()
    assert (clock.today() - opened_on).days == 42
    assert stalled.expected_completion is not None
    assert (stalled.expected_completion - opened_on).days == 90


@pytest.mark.django_db
def test_the_printed_api_token_reads_that_organisations_parties_on_every_run():
    # given
    first = _demo("--profile", "water", "--people", "5")
    again = _demo("--profile", "water", "--people", "5")
    key = re.search(r"Authorization: Token (\w+)", first).group(1)

    # when
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/klantinteracties/api/v1/partijen")

    # then
    assert key in again
    assert response.status_code == 200
    assert response.json()["count"] == Party.objects.filter(provider__code="water").count()


@pytest.mark.django_db
def test_the_demo_refuses_to_run_in_production(settings):
    settings.IS_PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        _demo("--profile", "water", "--people", "5")

    assert not Provider.objects.exists()
