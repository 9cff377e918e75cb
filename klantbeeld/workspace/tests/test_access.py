"""Authorisation matrix for every workspace page (STYLE.md, issue 2).

anonymous → login; employee without the activity → 403, no data, no processing-log record;
employee with it → 200 (or the redirect of a screen-pop) and its log record.
"""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from klantbeeld.contacts.models import ContactMoment
from klantbeeld.privacy.models import ProcessingActivity, ProcessingLog
from klantbeeld.workspace import urls as workspace_urls
from tests.factories import PASSWORD, PartyFactory, phone_for


@pytest.fixture
def pages(party, provider):
    phone_for(party, "+31612345678")
    entry = ProcessingActivity.objects.filter(provider=provider).first()
    return {
        "home": reverse("workspace:home") + "?q=amrani",
        "customer": reverse("workspace:customer", args=[party.uuid]),
        "contact_register": reverse("workspace:contact_register", args=[party.uuid]),
        "lookup": reverse("workspace:lookup") + "?phone=0612345678",
        "privacy_register": reverse("workspace:privacy_register"),
        "privacy_register_entry": reverse("workspace:privacy_register_entry", args=[entry.uuid]),
        "privacy_log": reverse("workspace:privacy_log") + f"?customer={party.number}",
        "privacy_emergency": reverse("workspace:privacy_emergency"),
        "emergency_access": reverse("workspace:emergency_access"),
        "privacy_subject_request": reverse("workspace:privacy_subject_request")
        + f"?customer={party.number}",
    }


# page → (role without its activity, role with it, status with it, log records with it)
MATRIX = {
    "home": ("privacy_officer", "front_office", 200, 1),
    "customer": ("privacy_officer", "front_office", 200, 1),
    "contact_register": ("privacy_officer", "front_office", 200, 1),
    "lookup": ("privacy_officer", "front_office", 302, 1),
    "privacy_register": ("front_office", "privacy_officer", 200, 0),
    "privacy_register_entry": ("front_office", "privacy_officer", 200, 0),
    "privacy_log": ("front_office", "privacy_officer", 200, 1),
    "privacy_emergency": ("front_office", "privacy_officer", 200, 0),
    "emergency_access": ("front_office", "specialist", 200, 0),
    "privacy_subject_request": ("front_office", "privacy_officer", 200, 1),
}


def test_every_workspace_page_is_in_the_matrix_and_declares_its_activity(pages):
    # given
    patterns = [p for p in workspace_urls.urlpatterns if isinstance(p, URLPattern)]

    # then: a new page without an access gate, or missing from the matrix, fails here
    assert {p.name for p in patterns} == set(pages) == set(MATRIX)
    for pattern in patterns:
        assert hasattr(pattern.callback, "required_activity"), pattern.name


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_visitors_are_sent_to_login(client, pages, name):
    response = client.get(pages[name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert ProcessingLog.objects.count() == 0


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_an_employee_without_the_activity_gets_403_and_nothing_is_read(
    client, pages, party, request, name
):
    # given
    client.force_login(request.getfixturevalue(MATRIX[name][0]))

    # when
    response = client.get(pages[name])

    # then
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    assert party.display_name not in response.content.decode()
    assert ProcessingLog.objects.count() == 0


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_an_employee_with_the_activity_is_served_and_logged(client, pages, request, name):
    # given
    _, role, status, records = MATRIX[name]
    client.force_login(request.getfixturevalue(role))

    # when
    response = client.get(pages[name])

    # then
    assert response.status_code == status
    assert ProcessingLog.objects.count() == records


def test_a_post_without_the_activity_writes_nothing(client, privacy_officer, party):
    # given
    client.force_login(privacy_officer)

    # when
    response = client.post(
        reverse("workspace:contact_register", args=[party.uuid]), {"subject": "x"}
    )

    # then
    assert response.status_code == 403
    assert ContactMoment.objects.count() == 0


def test_another_organisations_customer_is_404_like_a_missing_one(
    client, front_office, other_provider
):
    # given
    client.force_login(front_office)
    stranger = PartyFactory(provider=other_provider)

    # when
    foreign = client.get(reverse("workspace:customer", args=[stranger.uuid]))
    missing = client.get("/workspace/klant/00000000-0000-0000-0000-000000000000/")

    # then
    assert foreign.status_code == missing.status_code == 404
    assert ProcessingLog.objects.count() == 0


def test_login_with_a_wrong_password_says_so_in_dutch(client, front_office):
    response = client.post(reverse("login"), {"username": "kcc", "password": "fout"})
    assert response.status_code == 400
    assert "kennen we niet" in response.content.decode()


def test_login_then_lands_on_search(client, front_office):
    response = client.post(reverse("login"), {"username": "kcc", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:home")


def test_all_urls_resolve_without_errors():
    assert get_resolver().reverse_dict
