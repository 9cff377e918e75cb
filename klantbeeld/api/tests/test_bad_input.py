"""Bad input is a 400 with a problem body naming each field, never a 500, and nothing is
written (issue 4, "Bad input")."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from klantbeeld.api.tests.conftest import BASE
from klantbeeld.contacts.models import ContactMoment, Participant
from klantbeeld.parties.models import DigitalAddress, Party, PartyIdentifier, PostalAddress
from klantbeeld.privacy.models import ProcessingLog

PERSON = {
    "soortPartij": "persoon",
    "indicatieActief": True,
    "partijIdentificatie": {"contactnaam": {"voornaam": "Jan", "achternaam": "Jansen"}},
}


def counts():
    return [
        model.objects.count()
        for model in (
            Party,
            PartyIdentifier,
            PostalAddress,
            DigitalAddress,
            ContactMoment,
            Participant,
            ProcessingLog,
        )
    ]


def invalid_names(response):
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 400
    return [param["name"] for param in body["invalidParams"]]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"extra": 1}, ["extra"]),
        ({"soortPartij": "kat"}, ["soortPartij"]),
        ({"indicatieActief": "misschien"}, ["indicatieActief"]),
        ({"indicatieActief": None}, ["indicatieActief"]),
        ({"voorkeurstaal": "nederlands"}, ["voorkeurstaal"]),
        ({"bezoekadres": {"postcode": "1234ab"}}, ["bezoekadres.postcode"]),
        ({"bezoekadres": {"huisnummer": 0}}, ["bezoekadres.huisnummer"]),
        ({"bezoekadres": {"straat": "Dorpsstraat"}}, ["bezoekadres.straat"]),
        ({"digitaleAdressen": [{"uuid": "geen-uuid"}]}, ["digitaleAdressen.0"]),
        (
            {"digitaleAdressen": [{"uuid": "6f1c3f8e-0000-4000-8000-000000000000"}]},
            ["digitaleAdressen.0"],
        ),
        (
            {"partijIdentificatie": {"contactnaam": {"achternaam": "x" * 201}}},
            ["partijIdentificatie.contactnaam.achternaam"],
        ),
        (
            {
                "partijIdentificatoren": [
                    {
                        "partijIdentificator": {
                            "codeObjecttype": "natuurlijk_persoon",
                            "codeSoortObjectId": "bsn",
                            "objectId": "123456789",
                            "codeRegister": "brp",
                        }
                    }
                ]
            },
            ["partijIdentificatoren.0.partijIdentificator.objectId"],
        ),
    ],
)
def test_an_invalid_partij_is_refused_naming_the_field(api, change, named):
    before = counts()

    response = api.post(f"{BASE}/partijen", {**PERSON, **change}, format="json")

    assert invalid_names(response) == named
    assert counts() == before


def test_missing_required_fields_are_each_named(api):
    response = api.post(f"{BASE}/partijen", {}, format="json")

    assert sorted(invalid_names(response)) == ["indicatieActief", "soortPartij"]


def test_invalid_json_is_a_400(api):
    before = counts()

    response = api.post(f"{BASE}/partijen", "{niet: json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert counts() == before


def test_a_json_array_instead_of_an_object_is_a_400(api):
    response = api.post(f"{BASE}/partijen", [PERSON], format="json")

    assert response.status_code == 400


def test_another_media_type_is_refused(api):
    response = api.post(f"{BASE}/partijen", "soortPartij=persoon", content_type="text/plain")

    assert response.status_code == 415
    assert response.json()["status"] == 415


@override_settings(KLANTBEELD_API_MAX_BODY_BYTES=200)
def test_a_body_over_the_configured_size_is_refused_before_reading_it(api):
    before = counts()
    body = {**PERSON, "interneNotitie": "x" * 300}

    response = api.post(f"{BASE}/partijen", json.dumps(body), content_type="application/json")

    assert invalid_names(response) == ["nonFieldErrors"]
    assert counts() == before


@pytest.mark.parametrize(
    "path",
    [
        "partijen/123",
        "klantcontacten/niet-een-uuid",
        "internetaken/6f1c3f8e",
    ],
)
def test_an_invalid_uuid_in_the_url_is_a_400(api, path):
    assert invalid_names(api.get(f"{BASE}/{path}")) == ["uuid"]
    assert invalid_names(api.delete(f"{BASE}/{path}")) == ["uuid"]


def test_an_unknown_uuid_is_a_404(api):
    response = api.get(f"{BASE}/partijen/6f1c3f8e-0000-4000-8000-000000000000")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("onbekend=1", ["onbekend"]),
        ("soortPartij=kat", ["soortPartij"]),
        ("indicatieActief=misschien", ["indicatieActief"]),
        ("vertegenwoordigdePartij__uuid=x", ["vertegenwoordigdePartij__uuid"]),
        (
            "vertegenwoordigdePartij__url=http://x/partijen/niet-uuid",
            ["vertegenwoordigdePartij__url"],
        ),
        ("expand=alles", ["expand"]),
        ("vertegenwoordigdePartij__uuid=", ["vertegenwoordigdePartij__uuid"]),
        ("soortPartij=", ["soortPartij"]),
        ("indicatieActief=true&indicatieActief=false", ["indicatieActief"]),
        ("pageSize=0", ["pageSize"]),
        ("pageSize=-3", ["pageSize"]),
        ("pageSize=5.37e16", ["pageSize"]),
        ("page=", ["page"]),
        ("page=1&page=2", ["page"]),
    ],
)
def test_an_unknown_or_invalid_filter_is_a_400(api, query, named):
    assert invalid_names(api.get(f"{BASE}/partijen?{query}")) == named


def test_a_page_past_the_end_is_a_404(api, party):
    assert api.get(f"{BASE}/partijen?page=9").status_code == 404


def test_an_empty_free_text_filter_is_no_filter_and_a_large_page_size_is_capped(api, party):
    body = api.get(f"{BASE}/partijen?nummer=&pageSize=100000").json()

    assert body["count"] == 1


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (
            {"klantcontact": {}},
            [
                "klantcontact.kanaal",
                "klantcontact.onderwerp",
                "klantcontact.taal",
                "klantcontact.vertrouwelijk",
            ],
        ),
        (
            {
                "klantcontact": {
                    "kanaal": "telefoon",
                    "onderwerp": "x",
                    "taal": "nld",
                    "vertrouwelijk": False,
                },
                "betrokkene": {"rol": "baas", "initiator": True},
            },
            ["betrokkene.rol"],
        ),
        (
            {
                "klantcontact": {
                    "kanaal": "telefoon",
                    "onderwerp": "x",
                    "taal": "nld",
                    "vertrouwelijk": False,
                    "metadata": {"bron": "x" * 256},
                }
            },
            ["klantcontact.metadata.bron"],
        ),
    ],
)
def test_maak_klantcontact_is_all_or_nothing(api, body, named):
    before = counts()

    response = api.post(f"{BASE}/maak-klantcontact", body, format="json")

    assert sorted(invalid_names(response)) == named
    assert counts() == before
