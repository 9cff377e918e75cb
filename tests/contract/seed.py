"""The given state of the contract test: one row of every resource, made through the API itself
so each is valid by the API's own rules, and the pools of existing uuids the hooks draw from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests

# One valid body per resource, in dependency order; ``{"ref": name}`` is replaced by the uuid of
# the row seeded under that name. The BSN and KvK numbers pass their 11-test but belong to no one.
SEED: list[tuple[str, str, dict[str, Any]]] = [
    (
        "persoon",
        "partijen",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "voorkeurstaal": "nld",
            "partijIdentificatie": {"contactnaam": {"voornaam": "Contract", "achternaam": "Test"}},
            "bezoekadres": {
                "straatnaam": "Teststraat",
                "huisnummer": 1,
                "postcode": "1234 AB",
                "stad": "Teststad",
                "land": "NL",
            },
        },
    ),
    (
        "organisatie",
        "partijen",
        {
            "soortPartij": "organisatie",
            "indicatieActief": True,
            "partijIdentificatie": {"naam": "Contracttest BV"},
        },
    ),
    (
        "contactpersoon",
        "partijen",
        {
            "soortPartij": "contactpersoon",
            "indicatieActief": True,
            "partijIdentificatie": {
                "werkteVoorPartij": {"ref": "organisatie"},
                "contactnaam": {"voornaam": "Contact", "achternaam": "Persoon"},
            },
        },
    ),
    (
        "bsn",
        "partij-identificatoren",
        {
            "identificeerdePartij": {"ref": "persoon"},
            "partijIdentificator": {
                "codeObjecttype": "natuurlijk_persoon",
                "codeSoortObjectId": "bsn",
                "objectId": "111222333",
                "codeRegister": "brp",
            },
        },
    ),
    (
        "kvk",
        "partij-identificatoren",
        {
            "identificeerdePartij": {"ref": "organisatie"},
            "partijIdentificator": {
                "codeObjecttype": "niet_natuurlijk_persoon",
                "codeSoortObjectId": "kvk_nummer",
                "objectId": "12345678",
                "codeRegister": "hr",
            },
        },
    ),
    (
        "vestiging",
        "partij-identificatoren",
        {
            "identificeerdePartij": {"ref": "organisatie"},
            "subIdentificatorVan": {"ref": "kvk"},
            "partijIdentificator": {
                "codeObjecttype": "vestiging",
                "codeSoortObjectId": "vestigingsnummer",
                "objectId": "000012345678",
                "codeRegister": "hr",
            },
        },
    ),
    (
        "email",
        "digitaleadressen",
        {
            "verstrektDoorPartij": {"ref": "persoon"},
            "adres": "contract@example.org",
            "soortDigitaalAdres": "email",
            "isStandaardAdres": True,
        },
    ),
    (
        "iban",
        "rekeningnummers",
        {"partij": {"ref": "persoon"}, "iban": "NL91ABNA0417164300", "bic": "ABNANL2A"},
    ),
    (
        "vertegenwoordiging",
        "vertegenwoordigingen",
        {
            "vertegenwoordigendePartij": {"ref": "contactpersoon"},
            "vertegenwoordigdePartij": {"ref": "persoon"},
        },
    ),
    ("categorie", "categorieen", {"naam": "Contracttest"}),
    (
        "categorie-relatie",
        "categorie-relaties",
        {
            "partij": {"ref": "persoon"},
            "categorie": {"ref": "categorie"},
            "beginDatum": "2024-01-01",
        },
    ),
    (
        "actor",
        "actoren",
        {
            "naam": "Team Contracttest",
            "soortActor": "organisatorische_eenheid",
            "indicatieActief": True,
            "actorIdentificatie": {"omschrijving": "Team"},
        },
    ),
    (
        "klantcontact",
        "klantcontacten",
        {
            "kanaal": "telefoon",
            "onderwerp": "Contracttest",
            "inhoud": "Vraag over de contracttest",
            "taal": "nld",
            "vertrouwelijk": False,
            "indicatieContactGelukt": True,
            "plaatsgevondenOp": "2024-01-02T10:00:00Z",
        },
    ),
    (
        "betrokkene",
        "betrokkenen",
        {
            "wasPartij": {"ref": "persoon"},
            "hadKlantcontact": {"ref": "klantcontact"},
            "rol": "klant",
            "initiator": True,
        },
    ),
    (
        "actorklantcontact",
        "actorklantcontacten",
        {"actor": {"ref": "actor"}, "klantcontact": {"ref": "klantcontact"}},
    ),
    (
        "internetaak",
        "internetaken",
        {
            "aanleidinggevendKlantcontact": {"ref": "klantcontact"},
            "gevraagdeHandeling": "Terugbellen",
            "toegewezenAanActoren": [{"ref": "actor"}],
            "status": "te_verwerken",
        },
    ),
    (
        "onderwerpobject",
        "onderwerpobjecten",
        {
            "klantcontact": {"ref": "klantcontact"},
            "onderwerpobjectidentificator": {
                "objectId": "8f5e2f52-9e0a-4f1b-8d3c-000000000001",
                "codeObjecttype": "zaak",
                "codeRegister": "open-zaak",
                "codeSoortObjectId": "uuid",
            },
        },
    ),
    (
        "bijlage",
        "bijlagen",
        {
            "wasBijlageVanKlantcontact": {"ref": "klantcontact"},
            "bijlageidentificator": {
                "objectId": "8f5e2f52-9e0a-4f1b-8d3c-000000000002",
                "codeObjecttype": "document",
                "codeRegister": "open-zaak",
                "codeSoortObjectId": "uuid",
            },
        },
    ),
]


def _resolve(value: Any, made: dict[str, str]) -> Any:
    if isinstance(value, dict):
        if set(value) == {"ref"}:
            return {"uuid": made[value["ref"]]}
        return {key: _resolve(item, made) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, made) for item in value]
    return value


@dataclass
class Seeded:
    """The uuid of every seeded row, by the name in :data:`SEED`."""

    uuids: dict[str, str] = field(default_factory=dict)


def seed_through_api(session: requests.Session, base_url: str) -> Seeded:
    seeded = Seeded()
    for name, resource, body in SEED:
        response = session.post(f"{base_url}/{resource}", json=_resolve(body, seeded.uuids))
        if response.status_code != 201:
            raise AssertionError(
                f"seeding {name} (POST /{resource}) answered {response.status_code}: "
                f"{response.text[:2000]}"
            )
        seeded.uuids[name] = response.json()["uuid"]
    return seeded
