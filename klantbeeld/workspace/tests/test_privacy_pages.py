"""The privacy officer's pages: register (view, edit, export) and processing-log audit."""

import json

import pytest
from django.urls import reverse

from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.models import ProcessingActivity, ProcessingLog
from klantbeeld.privacy.selectors import accessor_for_user
from klantbeeld.privacy.services import purpose_bound
from tests.factories import PASSWORD


@pytest.fixture
def officer_client(client, privacy_officer):
    client.force_login(privacy_officer)
    return client


def test_the_privacy_officer_lands_on_the_register_after_login(client, privacy_officer):
    response = client.post(reverse("login"), {"username": "fg", "password": PASSWORD})
    assert response["Location"] == reverse("workspace:privacy_register")


def test_the_register_lists_every_activity_with_its_legal_basis(officer_client, provider):
    page = officer_client.get(reverse("workspace:privacy_register")).content.decode()
    for entry in ProcessingActivity.objects.filter(provider=provider):
        assert entry.name in page
    assert "Wettelijke taak" in page


@pytest.mark.parametrize("export", ["csv", "json"])
def test_the_register_exports(officer_client, provider, export):
    # when
    response = officer_client.get(reverse("workspace:privacy_register"), {"formaat": export})

    # then
    assert response["Content-Disposition"] == f'attachment; filename="verwerkingsregister.{export}"'
    body = response.content.decode()
    if export == "json":
        rows = json.loads(body)
        assert {row["code"] for row in rows} == set(
            ProcessingActivity.objects.filter(provider=provider).values_list("code", flat=True)
        )
    else:
        assert body.splitlines()[0].startswith("code;naam;doel;grondslag")


def test_the_officer_refines_an_entry(officer_client, provider):
    # given
    entry = ProcessingActivity.objects.get(provider=provider, code=Activity.CUSTOMER_VIEW)
    url = reverse("workspace:privacy_register_entry", args=[entry.uuid])

    # when
    response = officer_client.post(
        url,
        {
            "name": entry.name,
            "purpose": "Nieuw doel",
            "data_categories": "naam",
            "retention_days": "400",
        },
    )

    # then
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.purpose, entry.retention_days) == ("Nieuw doel", 400)


@pytest.mark.parametrize(("retention", "message"), [("0", "minstens 1"), ("veel", "geheel getal")])
def test_a_bad_retention_is_refused_and_nothing_changes(
    officer_client, provider, retention, message
):
    # given
    entry = ProcessingActivity.objects.get(provider=provider, code=Activity.CUSTOMER_VIEW)

    # when
    response = officer_client.post(
        reverse("workspace:privacy_register_entry", args=[entry.uuid]),
        {"name": "x", "purpose": "y", "data_categories": "z", "retention_days": retention},
    )

    # then
    assert response.status_code == 400
    assert message in response.content.decode()
    entry.refresh_from_db()
    assert entry.purpose != "y"


def test_another_organisations_register_entry_is_404(officer_client, other_provider):
    entry = ProcessingActivity.objects.filter(provider=other_provider).first()
    assert (
        officer_client.get(
            reverse("workspace:privacy_register_entry", args=[entry.uuid])
        ).status_code
        == 404
    )


def test_the_log_audit_shows_who_looked_and_is_itself_logged(
    officer_client, front_office, party, privacy_officer
):
    # given: a colleague opened the customer
    purpose_bound(
        accessor=accessor_for_user(front_office),
        activity=Activity.CUSTOMER_VIEW,
        operation="read",
        subjects=[party.uuid],
    )

    # when
    response = officer_client.get(reverse("workspace:privacy_log"), {"customer": party.number})

    # then
    page = response.content.decode()
    assert front_office.get_full_name() in page
    assert "Klantbeeld inzien" in page
    audit = ProcessingLog.objects.filter(activity__code=Activity.LOG_AUDIT).get()
    assert (audit.data_subject, audit.actor_id) == (party.uuid, str(privacy_officer.uuid))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Zoek op een klant"),
        ({"trace_id": "abc"}, "32 tekens"),
        ({"customer": "9999999"}, "Geen klant met dit nummer"),
        ({"since": "2026-01-02", "until": "2026-01-01"}, "moet na"),
    ],
)
def test_a_bad_log_query_explains_itself(officer_client, party, query, message):
    response = officer_client.get(
        reverse("workspace:privacy_log"), {"actor": "", **query} if query else {"actor": ""}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
