"""Tokens, scopes and organisations: who may call what (issue 4, "Tokens with scopes")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from klantbeeld.api.models import Application, Token
from klantbeeld.api.services import token_issue, token_revoke
from klantbeeld.api.tests.conftest import BASE, client_with
from klantbeeld.core import clock
from klantbeeld.parties.models import Party
from tests.factories import PartyFactory

NEW_PARTY = {"soortPartij": "organisatie", "indicatieActief": True}


def problem(response):
    body = response.json()
    assert response["Content-Type"].startswith("application/problem+json")
    assert {"type", "code", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == response.status_code
    return body


@pytest.mark.django_db
def test_a_call_without_a_token_is_401_and_names_the_scheme(provider):
    response = APIClient().get(f"{BASE}/partijen")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    problem(response)


@pytest.mark.parametrize("header", ["Token onbekend", "Token", "Token a b", "Bearer x"])
def test_an_unknown_or_malformed_token_is_refused(provider, header):
    response = APIClient().get(f"{BASE}/partijen", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    problem(response)


def test_a_revoked_an_expired_and_a_disabled_token_no_longer_work(provider):
    revoked = token_issue(provider=provider, application_name="a", scopes={"lezen"})
    expired = token_issue(provider=provider, application_name="b", scopes={"lezen"})
    disabled = token_issue(provider=provider, application_name="c", scopes={"lezen"})
    token_revoke(revoked.token)
    Token.objects.filter(pk=expired.token.pk).update(expires_at=clock.now() - timedelta(seconds=1))
    Application.objects.filter(name="c").update(is_active=False)

    for issued in (revoked, expired, disabled):
        assert client_with(issued.key).get(f"{BASE}/partijen").status_code == 401


def test_a_read_only_token_reads_but_cannot_write_and_nothing_is_written(api_read_only, party):
    assert api_read_only.get(f"{BASE}/partijen/{party.uuid}").status_code == 200

    before = Party.objects.count()
    response = api_read_only.post(f"{BASE}/partijen", NEW_PARTY, format="json")
    deleted = api_read_only.delete(f"{BASE}/partijen/{party.uuid}")

    assert response.status_code == 403
    assert deleted.status_code == 403
    assert "schrijven" in problem(response)["detail"]
    assert Party.objects.count() == before


def test_a_write_only_token_cannot_read(provider, party):
    issued = token_issue(provider=provider, application_name="importeur", scopes={"schrijven"})

    response = client_with(issued.key).get(f"{BASE}/partijen/{party.uuid}")

    assert response.status_code == 403


def test_another_organisations_data_does_not_exist_for_a_token(other_api, party):
    """Tenancy by construction: the same 404 as for a uuid that exists nowhere."""
    assert other_api.get(f"{BASE}/partijen/{party.uuid}").status_code == 404
    assert other_api.get(f"{BASE}/partijen").json()["count"] == 0


def test_a_reference_to_another_organisations_party_is_refused(other_api, party, other_provider):
    contact = other_api.post(
        f"{BASE}/klantcontacten",
        {"kanaal": "telefoon", "onderwerp": "Vraag", "taal": "nld", "vertrouwelijk": False},
        format="json",
    ).json()

    response = other_api.post(
        f"{BASE}/betrokkenen",
        {
            "hadKlantcontact": {"uuid": contact["uuid"]},
            "wasPartij": {"uuid": str(party.uuid)},
            "rol": "klant",
            "initiator": True,
        },
        format="json",
    )

    assert response.status_code == 400
    assert [param["name"] for param in response.json()["invalidParams"]] == ["wasPartij"]


def test_the_command_issues_a_token_that_works_and_stores_only_its_hash(provider, capsys):
    PartyFactory(provider=provider)

    call_command("api_token", provider=provider.code, name="portaal", scopes="read")
    key = capsys.readouterr().out.strip()

    assert client_with(key).get(f"{BASE}/partijen").status_code == 200
    token = Token.objects.get(application__name="portaal")
    assert key not in (token.key_hash, token.key_hint)
    assert token.key_hint == key[:8]
    assert (token.may_read, token.may_write) == (True, False)
    assert token.last_used_at is not None


def test_every_response_carries_the_api_version(api, party):
    assert api.get(f"{BASE}/partijen/{party.uuid}")["API-version"] == "0.9.0"
    assert api.get(f"{BASE}/onbekend")["API-version"] == "0.9.0"
