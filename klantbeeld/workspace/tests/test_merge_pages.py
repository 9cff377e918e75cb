"""The merge pages (issue 5): who may merge and undo, what they see, and bad input answered in
Dutch with nothing changed."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from klantbeeld.contacts.models import Participant
from klantbeeld.parties.merging import party_merge
from klantbeeld.parties.models import Party, PartyMerge
from klantbeeld.privacy import roles
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.models import ProcessingLog
from klantbeeld.privacy.selectors import accessor_for_user
from klantbeeld.workspace import merge_urls
from tests.factories import ActorFactory, PartyFactory, UserFactory, bsn_for, contact_moments_for

REASON = "Zelfde naam, geboortedatum en adres; klant bevestigde het aan de telefoon."


@pytest.fixture
def functional_admin(provider):
    return UserFactory(provider=provider, role=roles.FUNCTIONAL_ADMIN, username="beheer")


@pytest.fixture
def survivor(provider):
    return PartyFactory(provider=provider, given_names="Jan", surname="de Vries")


@pytest.fixture
def duplicate(provider):
    party = PartyFactory(provider=provider, given_names="J.", surname="de Vries")
    contact_moments_for(party, 2, actor=ActorFactory(provider=provider))
    return party


@pytest.fixture
def merge(functional_admin, survivor, duplicate):
    return party_merge(
        accessor=accessor_for_user(functional_admin),
        survivor=survivor,
        merged=duplicate,
        reason=REASON,
    )


def _confirm_url(survivor, duplicate):
    return reverse("workspace:merge_confirm", args=[survivor.uuid, duplicate.uuid])


@pytest.fixture
def pages(survivor, duplicate, merge_for_undo):
    return {
        "merge_home": reverse("workspace:merge_home") + "?q=vries",
        "merge_start": reverse("workspace:merge_start", args=[survivor.uuid]) + "?q=vries",
        "merge_confirm": _confirm_url(survivor, duplicate),
        "merge_undo": reverse("workspace:merge_undo", args=[merge_for_undo.uuid]),
    }


@pytest.fixture
def merge_for_undo(functional_admin, provider):
    """A merge of two other parties, so the pages above still have both of theirs."""
    merge = party_merge(
        accessor=accessor_for_user(functional_admin),
        survivor=PartyFactory(provider=provider),
        merged=PartyFactory(provider=provider),
        reason=REASON,
    )
    ProcessingLog.objects.all().delete()
    return merge


# --- authorisation matrix --------------------------------------------------------------------


def test_every_merge_page_is_gated_by_data_correction(pages):
    patterns = [p for p in merge_urls.urlpatterns if isinstance(p, URLPattern)]
    assert {p.name for p in patterns} == set(pages)
    for pattern in patterns:
        assert pattern.callback.required_activity == Activity.DATA_CORRECTION, pattern.name


@pytest.mark.parametrize("name", ["merge_home", "merge_start", "merge_confirm", "merge_undo"])
def test_anonymous_visitors_are_sent_to_login(client, pages, name):
    response = client.get(pages[name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["merge_home", "merge_start", "merge_confirm", "merge_undo"])
def test_a_front_office_employee_gets_403_and_nothing_is_read(
    client, front_office, pages, survivor, name
):
    # given: serving customers is not correcting their data
    client.force_login(front_office)

    # when
    response = client.get(pages[name])

    # then
    assert response.status_code == 403
    assert survivor.display_name not in response.content.decode()
    assert ProcessingLog.objects.count() == 0


@pytest.mark.parametrize("name", ["merge_home", "merge_start", "merge_confirm", "merge_undo"])
def test_the_functional_admin_is_served_and_every_customer_shown_is_logged(
    client, functional_admin, pages, name
):
    # given
    client.force_login(functional_admin)

    # when
    response = client.get(pages[name])

    # then
    assert response.status_code == 200
    logged = ProcessingLog.objects.all()
    assert logged.exists()
    assert set(logged.values_list("activity__code", flat=True)) == {Activity.DATA_CORRECTION}


def test_a_front_office_post_merges_nothing(client, front_office, survivor, duplicate):
    # given
    client.force_login(front_office)

    # when
    response = client.post(_confirm_url(survivor, duplicate), {"reason": REASON, "confirm": "on"})

    # then
    assert response.status_code == 403
    assert PartyMerge.objects.count() == 0
    assert Party.objects.get(pk=duplicate.pk).merged_into_id is None


def test_a_front_office_post_undoes_nothing(client, front_office, merge_for_undo):
    client.force_login(front_office)
    response = client.post(
        reverse("workspace:merge_undo", args=[merge_for_undo.uuid]), {"reason": "Fout"}
    )
    assert response.status_code == 403
    assert PartyMerge.objects.get(pk=merge_for_undo.pk).undone_at is None


# --- the flow --------------------------------------------------------------------------------


def test_the_admin_finds_both_sees_them_side_by_side_and_merges(
    client, functional_admin, survivor, duplicate
):
    # given
    client.force_login(functional_admin)

    # when: find the one that stays, then the duplicate
    home = client.get(reverse("workspace:merge_home"), {"q": survivor.number})
    start = client.get(reverse("workspace:merge_start", args=[survivor.uuid]), {"q": "de Vries"})
    confirm = client.get(_confirm_url(survivor, duplicate))
    response = client.post(_confirm_url(survivor, duplicate), {"reason": REASON, "confirm": "on"})

    # then
    assert reverse("workspace:merge_start", args=[survivor.uuid]) in home.content.decode()
    assert _confirm_url(survivor, duplicate) in start.content.decode()
    assert _confirm_url(survivor, survivor) not in start.content.decode()
    page = confirm.content.decode()
    assert "Klant die blijft" in page
    assert duplicate.number in page
    assert "Betrokkenen" in page
    assert response.status_code == 302
    assert response["Location"].endswith("?klaar=samengevoegd")
    assert Party.objects.get(pk=duplicate.pk).merged_into_id == survivor.pk
    assert set(Participant.objects.values_list("party_id", flat=True)) == {survivor.pk}
    history = client.get(response["Location"]).content.decode()
    assert "De klanten zijn samengevoegd" in history
    assert REASON in history


def test_the_admin_undoes_a_merge_with_a_reason(client, functional_admin, merge, duplicate):
    # given
    client.force_login(functional_admin)
    url = reverse("workspace:merge_undo", args=[merge.uuid])

    # when
    response = client.post(url, {"reason": "Twee verschillende mensen"})

    # then
    assert response.status_code == 302
    assert Party.objects.get(pk=duplicate.pk).merged_into_id is None
    assert set(Participant.objects.values_list("party_id", flat=True)) == {duplicate.pk}
    assert "ongedaan gemaakt" in client.get(url).content.decode()


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"confirm": "on"}, "Geef de reden van het samenvoegen"),
        ({"reason": "   ", "confirm": "on"}, "Geef de reden van het samenvoegen"),
        ({"reason": REASON}, "Vink aan dat u heeft gecontroleerd"),
        ({"reason": "x" * 1001, "confirm": "on"}, "1000"),
    ],
)
def test_a_merge_without_reason_or_confirmation_is_refused_in_dutch(
    client, functional_admin, survivor, duplicate, data, message
):
    client.force_login(functional_admin)
    response = client.post(_confirm_url(survivor, duplicate), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert PartyMerge.objects.count() == 0


def test_a_refused_merge_shows_why_and_changes_nothing(
    client, functional_admin, survivor, duplicate
):
    # given: two BSNs, two people
    bsn_for(survivor)
    bsn_for(duplicate)
    client.force_login(functional_admin)

    # when
    page = client.get(_confirm_url(survivor, duplicate))
    response = client.post(_confirm_url(survivor, duplicate), {"reason": REASON, "confirm": "on"})

    # then
    assert "verschillende personen" in page.content.decode()
    assert response.status_code == 400
    assert "verschillende personen" in response.content.decode()
    assert PartyMerge.objects.count() == 0


def test_merging_a_party_with_itself_is_refused(client, functional_admin, survivor):
    client.force_login(functional_admin)
    response = client.post(_confirm_url(survivor, survivor), {"reason": REASON, "confirm": "on"})
    assert response.status_code == 400
    assert "met zichzelf" in response.content.decode()
    assert PartyMerge.objects.count() == 0


def test_another_organisations_party_is_404(client, functional_admin, survivor, other_provider):
    client.force_login(functional_admin)
    stranger = PartyFactory(provider=other_provider)
    response = client.post(_confirm_url(survivor, stranger), {"reason": REASON, "confirm": "on"})
    assert response.status_code == 404
    assert PartyMerge.objects.count() == 0


@pytest.mark.parametrize("query", ["x", ""])
def test_a_too_short_search_is_explained(client, functional_admin, query):
    client.force_login(functional_admin)
    response = client.get(reverse("workspace:merge_home"), {"q": query})
    assert response.status_code == 400
    assert "Typ" in response.content.decode()


def test_undo_without_reason_or_twice_is_refused_in_dutch(client, functional_admin, merge):
    # given
    client.force_login(functional_admin)
    url = reverse("workspace:merge_undo", args=[merge.uuid])

    # when
    empty = client.post(url, {"reason": ""})
    first = client.post(url, {"reason": "Fout"})
    again = client.post(url, {"reason": "Nog eens"})

    # then
    assert empty.status_code == 400
    assert "Geef de reden van het ongedaan maken" in empty.content.decode()
    assert first.status_code == 302
    assert again.status_code == 400
    assert "al ongedaan gemaakt" in again.content.decode()


def test_an_unknown_merge_is_404(client, functional_admin):
    client.force_login(functional_admin)
    response = client.get(
        reverse("workspace:merge_undo", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert response.status_code == 404


# --- the customer page -----------------------------------------------------------------------


def test_a_merged_customer_page_says_so_and_links_to_the_survivor(
    client, front_office, merge, survivor, duplicate
):
    client.force_login(front_office)
    page = client.get(reverse("workspace:customer", args=[duplicate.uuid])).content.decode()
    assert "Deze klant is samengevoegd met een andere klant" in page
    assert reverse("workspace:customer", args=[survivor.uuid]) in page
    assert "Dubbele klant samenvoegen" not in page


def test_the_merge_link_shows_only_to_who_may_merge(client, front_office, survivor):
    # given
    url = reverse("workspace:customer", args=[survivor.uuid])
    client.force_login(front_office)
    without = client.get(url).content.decode()
    front_office.groups.add(Group.objects.get(name=roles.FUNCTIONAL_ADMIN))

    # when
    with_permission = client.get(url).content.decode()

    # then
    assert "Dubbele klant samenvoegen" not in without
    assert "Dubbele klant samenvoegen" in with_permission
    assert reverse("workspace:merge_start", args=[survivor.uuid]) in with_permission


def test_the_history_page_query_count_does_not_grow_with_the_merges(
    client, functional_admin, provider, django_assert_max_num_queries
):
    # given
    accessor = accessor_for_user(functional_admin)
    client.force_login(functional_admin)
    party_merge(
        accessor=accessor,
        survivor=PartyFactory(provider=provider),
        merged=PartyFactory(provider=provider),
        reason=REASON,
    )
    url = reverse("workspace:merge_home")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        party_merge(
            accessor=accessor,
            survivor=PartyFactory(provider=provider),
            merged=PartyFactory(provider=provider),
            reason=REASON,
        )

    # when / then
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Ongedaan maken") == 5
    assert ProcessingLog.objects.filter(operation=Operation.READ).count() >= 10
