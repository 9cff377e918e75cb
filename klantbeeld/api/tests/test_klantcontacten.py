"""klantcontacten, betrokkenen, onderwerpobjecten, actoren and internetaken (issue 4)."""

from __future__ import annotations

import pytest

from klantbeeld.api.tests.conftest import BASE
from klantbeeld.contacts.models import ContactMoment, Conversation, InternalTask, SubjectObject
from klantbeeld.contacts.selectors import TimelineFilter, timeline_get
from klantbeeld.core.constants import Channel
from klantbeeld.parties.models import DigitalAddress
from tests.factories import ActorFactory, PartyFactory, contact_moments_for

CONTACT = {
    "kanaal": "telefoon",
    "onderwerp": "Vraag over de aanslag",
    "taal": "nld",
    "vertrouwelijk": False,
}


def make_contact(api, party, **contact):
    response = api.post(
        f"{BASE}/maak-klantcontact",
        {
            "klantcontact": {**CONTACT, **contact},
            "betrokkene": {
                "wasPartij": {"uuid": str(party.uuid)},
                "rol": "klant",
                "initiator": True,
            },
            "onderwerpobject": {
                "onderwerpobjectidentificator": {
                    "objectId": "Z-1",
                    "codeObjecttype": "zaak",
                    "codeRegister": "openzaak",
                    "codeSoortObjectId": "identificatie",
                }
            },
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_maak_klantcontact_makes_the_three_and_the_contact_joins_the_customers_thread(
    api, party, accessor
):
    """CH-05: a contact registered by another system is in the timeline the employee sees."""
    body = make_contact(api, party)

    contact = ContactMoment.objects.get(uuid=body["klantcontact"]["uuid"])
    assert body["betrokkene"]["hadKlantcontact"]["uuid"] == str(contact.uuid)
    assert body["onderwerpobject"]["klantcontact"]["uuid"] == str(contact.uuid)
    assert contact.conversation is not None
    assert contact.conversation.party == party
    _, page = timeline_get(accessor=accessor, party_uuid=party.uuid, timeline=TimelineFilter())
    assert contact in list(page.object_list)


def test_two_contacts_on_one_question_stay_one_conversation(api, party):
    make_contact(api, party)
    make_contact(api, party, kanaal="email")

    assert Conversation.objects.filter(party=party).count() == 1


@pytest.mark.parametrize(
    ("kanaal", "stored", "shown"),
    [
        ("telefoon", (Channel.PHONE, ""), "telefoon"),
        ("E-mail", (Channel.EMAIL, ""), "email"),
        ("Balie-app", (Channel.OTHER, "Balie-app"), "Balie-app"),
    ],
)
def test_a_channel_of_another_system_is_kept_as_given(api, party, kanaal, stored, shown):
    body = make_contact(api, party, kanaal=kanaal)

    contact = ContactMoment.objects.get(uuid=body["klantcontact"]["uuid"])
    assert (contact.channel, contact.channel_label) == stored
    assert body["klantcontact"]["kanaal"] == shown
    listed = api.get(f"{BASE}/klantcontacten?kanaal={kanaal}").json()["results"]
    assert [row["uuid"] for row in listed] == [str(contact.uuid)]


def test_a_partys_contacts_are_listed_by_its_uuid_only(api, party, provider, front_office):
    contact_moments_for(party, count=2, actor=front_office.actor)
    contact_moments_for(PartyFactory(provider=provider), count=3, actor=front_office.actor)

    response = api.get(f"{BASE}/klantcontacten?hadBetrokkene__wasPartij__uuid={party.uuid}")

    assert response.json()["count"] == 2


def test_a_contact_expands_to_its_betrokkenen_with_their_party(api, party, front_office):
    contact_moments_for(party, count=1, actor=front_office.actor)

    row = api.get(
        f"{BASE}/klantcontacten?expand=hadBetrokkenen.wasPartij,leiddeTotInterneTaken"
    ).json()["results"][0]

    participant = row["_expand"]["hadBetrokkenen"][0]
    assert participant["_expand"]["wasPartij"]["uuid"] == str(party.uuid)
    assert row["_expand"]["leiddeTotInterneTaken"][0]["gevraagdeHandeling"] == "Terugbellen"
    assert row["hadBetrokkenActoren"][0]["uuid"] == str(front_office.actor.uuid)


def test_a_betrokkene_can_give_an_address_for_follow_up(api, party):
    body = make_contact(api, party)

    address = api.post(
        f"{BASE}/digitaleadressen",
        {
            "verstrektDoorBetrokkene": {"uuid": body["betrokkene"]["uuid"]},
            "adres": "fatima@example.nl",
            "soortDigitaalAdres": "email",
        },
        format="json",
    ).json()
    participant = api.get(
        f"{BASE}/betrokkenen/{body['betrokkene']['uuid']}?expand=digitaleAdressen"
    ).json()

    assert [item["uuid"] for item in participant["digitaleAdressen"]] == [address["uuid"]]
    assert participant["_expand"]["digitaleAdressen"][0]["adres"] == "fatima@example.nl"


def test_an_internal_task_has_actors_in_order_and_is_completed(api, party, provider):
    body = make_contact(api, party)
    first, second = ActorFactory(provider=provider), ActorFactory(provider=provider)

    created = api.post(
        f"{BASE}/internetaken",
        {
            "gevraagdeHandeling": "Terugbellen over de aanslag",
            "aanleidinggevendKlantcontact": {"uuid": body["klantcontact"]["uuid"]},
            "toegewezenAanActoren": [{"uuid": str(second.uuid)}, {"uuid": str(first.uuid)}],
            "status": "te_verwerken",
        },
        format="json",
    ).json()
    done = api.patch(
        f"{BASE}/internetaken/{created['uuid']}", {"status": "verwerkt"}, format="json"
    ).json()

    assert created["toegewezenAanActor"]["uuid"] == str(second.uuid)
    assert [actor["uuid"] for actor in created["toegewezenAanActoren"]] == [
        str(second.uuid),
        str(first.uuid),
    ]
    assert created["toegewezenOp"] is not None
    assert done["afgehandeldOp"] is not None
    task = InternalTask.objects.get()
    assert task.party == party
    assert task.assigned_to == second


def test_an_inactive_actor_gets_no_new_work(api, party, provider):
    body = make_contact(api, party)
    gone = ActorFactory(provider=provider, is_active=False)

    response = api.post(
        f"{BASE}/actorklantcontacten",
        {"actor": {"uuid": str(gone.uuid)}, "klantcontact": {"uuid": body["klantcontact"]["uuid"]}},
        format="json",
    )

    assert response.status_code == 400


def test_an_actor_with_history_is_kept_and_one_without_is_removed(
    api, party, provider, front_office
):
    contact_moments_for(party, count=1, actor=front_office.actor)
    unused = ActorFactory(provider=provider)

    kept = api.delete(f"{BASE}/actoren/{front_office.actor.uuid}")
    removed = api.delete(f"{BASE}/actoren/{unused.uuid}")

    assert kept.status_code == 409
    assert "indicatieActief" in kept.json()["detail"]
    assert removed.status_code == 204


def test_an_employee_actor_needs_a_function_and_phone(api):
    refused = api.post(
        f"{BASE}/actoren",
        {"naam": "Piet", "soortActor": "medewerker", "actorIdentificatie": {"functie": "KCC"}},
        format="json",
    )
    created = api.post(
        f"{BASE}/actoren",
        {
            "naam": "Piet",
            "soortActor": "medewerker",
            "actorIdentificatie": {"functie": "KCC", "telefoonnummer": "0201234567"},
            "actoridentificator": {"objectId": "M-42", "codeRegister": "hr-systeem"},
        },
        format="json",
    )

    assert [param["name"] for param in refused.json()["invalidParams"]] == [
        "actorIdentificatie.telefoonnummer"
    ]
    assert created.status_code == 201
    assert created.json()["actorIdentificatie"]["telefoonnummer"] == "0201234567"
    assert created.json()["actoridentificator"]["objectId"] == "M-42"


def test_deleting_a_subject_object_with_cascade_removes_its_contact_unless_shared(api, party):
    body = make_contact(api, party)
    contact_uuid = body["klantcontact"]["uuid"]
    second = api.post(
        f"{BASE}/onderwerpobjecten", {"klantcontact": {"uuid": contact_uuid}}, format="json"
    ).json()
    address = api.post(
        f"{BASE}/digitaleadressen",
        {
            "verstrektDoorBetrokkene": {"uuid": body["betrokkene"]["uuid"]},
            "adres": "a@example.nl",
            "soortDigitaalAdres": "email",
        },
        format="json",
    ).json()

    shared = api.delete(f"{BASE}/onderwerpobjecten/{body['onderwerpobject']['uuid']}?cascade=true")
    last = api.delete(f"{BASE}/onderwerpobjecten/{second['uuid']}?cascade=true")

    assert shared.status_code == 200
    assert shared.json()["behouden"] == [f"http://testserver{BASE}/klantcontacten/{contact_uuid}"]
    assert last.json() == {"behouden": []}
    assert not ContactMoment.objects.filter(uuid=contact_uuid).exists()
    assert not DigitalAddress.objects.filter(uuid=address["uuid"]).exists()
    assert SubjectObject.objects.count() == 0


def test_a_subject_object_without_cascade_leaves_the_contact(api, party):
    body = make_contact(api, party)

    response = api.delete(f"{BASE}/onderwerpobjecten/{body['onderwerpobject']['uuid']}")

    assert response.status_code == 204
    assert ContactMoment.objects.filter(uuid=body["klantcontact"]["uuid"]).exists()


def test_a_contact_can_be_corrected_and_deleted(api, party):
    body = make_contact(api, party)
    url = f"{BASE}/klantcontacten/{body['klantcontact']['uuid']}"

    patched = api.patch(
        url, {"inhoud": "Aanslag klopt, uitgelegd.", "indicatieContactGelukt": True}, format="json"
    )
    deleted = api.delete(url)

    assert patched.json()["inhoud"] == "Aanslag klopt, uitgelegd."
    assert deleted.status_code == 204
    assert not ContactMoment.objects.exists()


def test_blank_patterned_fields_are_left_out_not_sent_empty(api, party):
    """An empty string would break a client validating against the standard's patterns."""
    contact = api.post(f"{BASE}/klantcontacten", CONTACT, format="json").json()
    made = api.post(f"{BASE}/maak-klantcontact", {"klantcontact": CONTACT}, format="json").json()
    account = api.post(
        f"{BASE}/rekeningnummers", {"iban": "NL91ABNA0417164300"}, format="json"
    ).json()
    team = api.post(
        f"{BASE}/actoren",
        {
            "naam": "Team Belastingen",
            "soortActor": "organisatorische_eenheid",
            "actorIdentificatie": {},
        },
        format="json",
    ).json()

    assert "hoofdOnderwerpType" not in contact
    assert set(made) == {"klantcontact"}
    assert "bic" not in account
    assert "telefoonnummer" not in team["actorIdentificatie"]


def test_the_employee_sees_another_systems_channel_by_its_own_name(
    api, party, client, front_office
):
    make_contact(api, party, kanaal="Balie-app")
    client.force_login(front_office)

    page = client.get(f"/workspace/klant/{party.uuid}/").content.decode()

    assert "Balie-app" in page
