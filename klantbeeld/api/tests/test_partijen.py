"""partijen and the resources around them: the standard's behaviour on our own tables."""

from __future__ import annotations

from datetime import timedelta

import pytest

from klantbeeld.api.tests.conftest import BASE
from klantbeeld.core import clock
from klantbeeld.parties.constants import DigitalAddressKind, IdentifierKind
from klantbeeld.parties.models import DigitalAddress, Party, PartyIdentifier
from klantbeeld.parties.selectors import party_search
from klantbeeld.privacy.models import LegalHold
from tests.factories import PartyFactory, bsn_for, phone_for

BSN = {
    "codeObjecttype": "natuurlijk_persoon",
    "codeSoortObjectId": "bsn",
    "objectId": "111222333",
    "codeRegister": "brp",
}


def person(**extra):
    return {
        "soortPartij": "persoon",
        "indicatieActief": True,
        "partijIdentificatie": {
            "contactnaam": {
                "voornaam": "Anna",
                "voorvoegselAchternaam": "van",
                "achternaam": "Dijk",
            }
        },
        **extra,
    }


def test_a_person_is_created_with_identifier_and_address_in_one_call(api):
    response = api.post(
        f"{BASE}/partijen",
        person(
            partijIdentificatoren=[{"partijIdentificator": BSN}],
            bezoekadres={"straatnaam": "Dorpsstraat", "huisnummer": 3, "postcode": "1234 AB"},
        ),
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["partijIdentificatie"]["volledigeNaam"] == "Anna van Dijk"
    assert body["partijIdentificatoren"][0]["partijIdentificator"] == BSN
    assert body["bezoekadres"]["postcode"] == "1234 AB"
    assert body["bezoekadres"]["land"] == "NL"
    assert body["correspondentieadres"] is None
    assert len(body["nummer"]) == 7
    party = Party.objects.get(uuid=body["uuid"])
    assert party.identifiers.get().kind == IdentifierKind.BSN


def test_a_name_written_through_the_api_is_found_by_the_workspace_search(api, accessor):
    """The search keys follow every name write, so the contact centre finds the person."""
    created = api.post(f"{BASE}/partijen", person(), format="json").json()
    api.patch(
        f"{BASE}/partijen/{created['uuid']}",
        {"partijIdentificatie": {"contactnaam": {"voornaam": "Anna", "achternaam": "Bakker"}}},
        format="json",
    )

    found = party_search(accessor=accessor, query="Bakker", limit=10)

    assert [party.uuid for party in found.parties] == [Party.objects.get().uuid]


def test_changing_the_kind_clears_the_old_name(api):
    created = api.post(f"{BASE}/partijen", person(), format="json").json()

    response = api.put(
        f"{BASE}/partijen/{created['uuid']}",
        {
            "soortPartij": "organisatie",
            "indicatieActief": True,
            "partijIdentificatie": {"naam": "Bakkerij"},
        },
        format="json",
    )

    assert response.json()["partijIdentificatie"] == {"naam": "Bakkerij"}
    party = Party.objects.get()
    assert (party.surname, party.given_names, party.organisation_name) == ("", "", "Bakkerij")


def test_a_contact_person_works_for_an_organisation_only(api, provider):
    organisation = PartyFactory(provider=provider, kind="organisatie", organisation_name="Bakkerij")
    person_row = PartyFactory(provider=provider)

    def contact_person_of(employer):
        return {
            "soortPartij": "contactpersoon",
            "indicatieActief": True,
            "partijIdentificatie": {"werkteVoorPartij": {"uuid": str(employer.uuid)}},
        }

    refused = api.post(f"{BASE}/partijen", contact_person_of(person_row), format="json")
    created = api.post(f"{BASE}/partijen", contact_person_of(organisation), format="json")

    assert refused.status_code == 400
    assert created.status_code == 201
    assert created.json()["partijIdentificatie"]["werkteVoorPartij"]["uuid"] == str(
        organisation.uuid
    )


def test_digital_addresses_are_linked_and_the_preferred_one_must_be_the_partys_own(
    api, party, provider
):
    mine = phone_for(party, "0612345678")
    stranger = phone_for(PartyFactory(provider=provider), "0687654321")

    refused = api.patch(
        f"{BASE}/partijen/{party.uuid}",
        {"voorkeursDigitaalAdres": {"uuid": str(stranger.uuid)}},
        format="json",
    )
    accepted = api.patch(
        f"{BASE}/partijen/{party.uuid}",
        {
            "digitaleAdressen": [{"uuid": str(mine.uuid)}],
            "voorkeursDigitaalAdres": {"uuid": str(mine.uuid)},
        },
        format="json",
    )

    assert refused.status_code == 400
    assert accepted.status_code == 200
    assert accepted.json()["voorkeursDigitaalAdres"]["uuid"] == str(mine.uuid)


def test_unlisting_an_address_unlinks_it_from_the_party(api, party):
    address = phone_for(party, "0612345678")

    api.patch(f"{BASE}/partijen/{party.uuid}", {"digitaleAdressen": []}, format="json")

    address.refresh_from_db()
    assert address.party is None


def test_expand_returns_the_linked_objects(api, party, front_office):
    from tests.factories import contact_moments_for

    address = phone_for(party, "0612345678")
    contact_moments_for(party, count=1, actor=front_office.actor)

    body = api.get(
        f"{BASE}/partijen/{party.uuid}?expand=digitaleAdressen,betrokkenen.hadKlantcontact"
    ).json()

    assert [item["uuid"] for item in body["_expand"]["digitaleAdressen"]] == [str(address.uuid)]
    participant = body["_expand"]["betrokkenen"][0]
    assert participant["_expand"]["hadKlantcontact"]["onderwerp"] == "Vraag 1"


def test_a_list_page_costs_the_same_number_of_queries_for_5_or_50_parties(
    api, provider, django_assert_max_num_queries
):
    for count in (5, 45):
        for _ in range(count):
            party = PartyFactory(provider=provider)
            bsn_for(party)
        with django_assert_max_num_queries(25):
            response = api.get(f"{BASE}/partijen?pageSize=100")
        assert response.status_code == 200


def test_pages_have_next_and_previous_links(api, provider):
    for _ in range(3):
        PartyFactory(provider=provider)

    first = api.get(f"{BASE}/partijen?pageSize=2").json()
    second = api.get(first["next"]).json()

    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert second["previous"] is not None
    assert len(second["results"]) == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("partijIdentificator__objectId=111222333", True),
        ("partijIdentificator__codeSoortObjectId=kvk_nummer", False),
        ("soortPartij=persoon", True),
        ("indicatieActief=false", False),
        ("bezoekadresLand=NL", False),
    ],
)
def test_partijen_filters(api, party, query, expected):
    bsn_for(party, "111222333")

    results = api.get(f"{BASE}/partijen?{query}").json()["results"]

    assert ([row["uuid"] for row in results] == [str(party.uuid)]) is expected


def test_deleting_a_party_removes_it_unless_the_law_says_keep(api, party, provider):
    other = PartyFactory(provider=provider)
    LegalHold.objects.create(
        provider=provider,
        data_subject=other.uuid,
        reason="Fiscale bewaarplicht",
        until=clock.today() + timedelta(days=30),
        placed_at=clock.now(),
        placed_by="fg",
    )

    deleted = api.delete(f"{BASE}/partijen/{party.uuid}")
    held = api.delete(f"{BASE}/partijen/{other.uuid}")

    assert deleted.status_code == 204
    assert held.status_code == 409
    assert "Fiscale bewaarplicht" in held.json()["detail"]
    assert list(Party.objects.values_list("uuid", flat=True)) == [other.uuid]


def test_a_branch_number_needs_a_chamber_of_commerce_number_as_parent(api, provider):
    kvk = api.post(
        f"{BASE}/partij-identificatoren",
        {
            "partijIdentificator": {
                "codeObjecttype": "niet_natuurlijk_persoon",
                "codeSoortObjectId": "kvk_nummer",
                "objectId": "12345678",
                "codeRegister": "hr",
            }
        },
        format="json",
    )
    branch = {
        "partijIdentificator": {
            "codeObjecttype": "vestiging",
            "codeSoortObjectId": "vestigingsnummer",
            "objectId": "000012345678",
            "codeRegister": "hr",
        }
    }

    orphan = api.post(f"{BASE}/partij-identificatoren", branch, format="json")
    child = api.post(
        f"{BASE}/partij-identificatoren",
        {**branch, "subIdentificatorVan": {"uuid": kvk.json()["uuid"]}},
        format="json",
    )
    parent_delete = api.delete(f"{BASE}/partij-identificatoren/{kvk.json()['uuid']}")

    assert kvk.status_code == 201
    assert kvk.json()["identificeerdePartij"] is None
    assert orphan.status_code == 400
    assert child.status_code == 201
    assert parent_delete.status_code == 409
    assert PartyIdentifier.objects.count() == 2


def test_an_identifier_is_registered_once(api, party):
    bsn_for(party, "111222333")

    response = api.post(
        f"{BASE}/partij-identificatoren", {"partijIdentificator": BSN}, format="json"
    )

    assert response.status_code == 400


def test_customer_numbers_of_source_systems_stay_out_of_the_api(api, party, provider):
    PartyIdentifier.objects.create(
        provider=provider,
        party=party,
        kind=IdentifierKind.CUSTOMER_NUMBER,
        register="crm",
        value="K1",
    )

    assert api.get(f"{BASE}/partijen/{party.uuid}").json()["partijIdentificatoren"] == []
    assert api.get(f"{BASE}/partij-identificatoren").json()["count"] == 0


def test_a_whatsapp_number_is_an_other_address_named_whatsapp(api, party, provider):
    DigitalAddress.objects.create(
        provider=provider, party=party, kind=DigitalAddressKind.WHATSAPP, value="+31612345678"
    )

    row = api.get(f"{BASE}/digitaleadressen?soortDigitaalAdres=overig").json()["results"][0]

    assert (row["soortDigitaalAdres"], row["omschrijving"]) == ("overig", "WhatsApp")


def test_a_phone_number_is_stored_in_e164_and_found_either_way(api, party):
    created = api.post(
        f"{BASE}/digitaleadressen",
        {
            "verstrektDoorPartij": {"uuid": str(party.uuid)},
            "adres": "0612345678",
            "soortDigitaalAdres": "telefoonnummer",
            "verificatieDatum": "2026-11-01",
        },
        format="json",
    ).json()

    found = api.get(f"{BASE}/digitaleadressen?adres=0612345678").json()["results"]

    assert created["adres"] == "+31612345678"
    assert created["verificatieDatum"] == "2026-11-01"
    assert [row["uuid"] for row in found] == [created["uuid"]]


def test_a_phone_number_outside_the_standards_pattern_is_refused(api):
    response = api.post(
        f"{BASE}/digitaleadressen",
        {"adres": "0800-1234", "soortDigitaalAdres": "telefoonnummer"},
        format="json",
    )

    assert response.status_code == 400


def test_one_default_address_per_kind(api, party):
    first = phone_for(party, "0612345678")
    DigitalAddress.objects.filter(pk=first.pk).update(is_default=True)

    api.post(
        f"{BASE}/digitaleadressen",
        {
            "verstrektDoorPartij": {"uuid": str(party.uuid)},
            "adres": "0687654321",
            "soortDigitaalAdres": "telefoonnummer",
            "isStandaardAdres": True,
        },
        format="json",
    )

    assert list(DigitalAddress.objects.filter(is_default=True).values_list("value", flat=True)) == [
        "+31687654321"
    ]


def test_representation_bank_account_and_category(api, party, provider):
    child = PartyFactory(provider=provider)

    self_representation = api.post(
        f"{BASE}/vertegenwoordigingen",
        {
            "vertegenwoordigendePartij": {"uuid": str(party.uuid)},
            "vertegenwoordigdePartij": {"uuid": str(party.uuid)},
        },
        format="json",
    )
    representation = api.post(
        f"{BASE}/vertegenwoordigingen",
        {
            "vertegenwoordigendePartij": {"uuid": str(party.uuid)},
            "vertegenwoordigdePartij": {"uuid": str(child.uuid)},
        },
        format="json",
    )
    account = api.post(
        f"{BASE}/rekeningnummers",
        {"partij": {"uuid": str(party.uuid)}, "iban": "NL91ABNA0417164300"},
        format="json",
    )
    category = api.post(f"{BASE}/categorieen", {"naam": "Ondernemer"}, format="json").json()
    relation = api.post(
        f"{BASE}/categorie-relaties",
        {"partij": {"uuid": str(party.uuid)}, "categorie": {"uuid": category["uuid"]}},
        format="json",
    )
    body = api.get(f"{BASE}/partijen/{party.uuid}").json()

    assert self_representation.status_code == 400
    assert representation.status_code == 201
    assert account.status_code == 201
    assert relation.json()["beginDatum"] == clock.today().isoformat()
    assert relation.json()["categorie"]["naam"] == "Ondernemer"
    assert body["vertegenwoordigden"][0]["uuid"] == str(child.uuid)
    assert body["rekeningnummers"][0]["uuid"] == account.json()["uuid"]
    assert body["categorieRelaties"][0]["categorieNaam"] == "Ondernemer"
    assert [
        row["uuid"]
        for row in api.get(f"{BASE}/partijen?categorierelatie__categorie__naam=Ondernemer").json()[
            "results"
        ]
    ] == [str(party.uuid)]


def test_a_merged_duplicate_leaves_the_list_but_stays_readable_by_its_uuid(api, provider):
    survivor = PartyFactory(provider=provider, surname="Jansen")
    duplicate = PartyFactory(provider=provider, surname="Jansen")
    Party.objects.filter(pk=duplicate.pk).update(merged_into=survivor, merged_at=clock.now())

    listed = api.get(f"{BASE}/partijen")
    detail = api.get(f"{BASE}/partijen/{duplicate.uuid}")

    assert listed.status_code == 200
    assert [row["uuid"] for row in listed.json()["results"]] == [str(survivor.uuid)]
    assert detail.status_code == 200
