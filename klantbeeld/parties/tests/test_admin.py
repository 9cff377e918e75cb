"""Customer data in the admin: correction only, own organisation only, every read logged."""

import pytest
from django.urls import reverse

from klantbeeld.privacy import roles
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.models import ProcessingLog
from tests.factories import PartyFactory, UserFactory


@pytest.fixture
def functional_admin(provider):
    return UserFactory(
        provider=provider, role=roles.FUNCTIONAL_ADMIN, username="beheer", is_staff=True
    )


def test_a_functional_admin_corrects_a_name_and_both_read_and_write_are_logged(
    client, functional_admin, party
):
    # given
    client.force_login(functional_admin)
    url = reverse("admin:parties_party_change", args=[party.pk])

    # when
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "initials": "F.",
            "given_names": "Fatima",
            "surname_prefix": "el",
            "surname": "Amrani-Bakker",
            "organisation_name": "",
            "date_of_birth": "",
            "preferred_language": "nld",
            "is_active": "on",
            "internal_note": "",
            **{
                f"{prefix}-{key}": value
                for prefix in ("identifiers", "digital_addresses", "postal_addresses")
                for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
            },
            "preference-TOTAL_FORMS": "0",
            "preference-INITIAL_FORMS": "0",
        },
    )

    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    party.refresh_from_db()
    assert party.surname == "Amrani-Bakker"
    assert party.surname_key == "amrani bakker"
    operations = list(
        ProcessingLog.objects.filter(data_subject=party.uuid).values_list(
            "activity__code", "operation"
        )
    )
    assert (Activity.DATA_CORRECTION, Operation.READ) in operations
    assert (Activity.DATA_CORRECTION, Operation.UPDATE) in operations


def test_the_admin_never_shows_another_organisations_customers(
    client, functional_admin, other_provider
):
    client.force_login(functional_admin)
    stranger = PartyFactory(provider=other_provider)
    assert client.get(reverse("admin:parties_party_change", args=[stranger.pk])).status_code == 302
    assert (
        stranger.number
        not in client.get(reverse("admin:parties_party_changelist")).content.decode()
    )


def test_a_platform_superuser_without_organisation_sees_no_customers(client, party, db):
    # given
    superuser = UserFactory(provider=None, is_staff=True, is_superuser=True, username="platform")
    client.force_login(superuser)

    # then
    assert client.get(reverse("admin:parties_party_changelist")).status_code == 403
    assert ProcessingLog.objects.count() == 0


def test_customers_cannot_be_deleted_in_the_admin(client, functional_admin, party):
    client.force_login(functional_admin)
    assert client.get(reverse("admin:parties_party_delete", args=[party.pk])).status_code == 403
