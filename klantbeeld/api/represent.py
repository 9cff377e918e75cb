"""Plain functions that turn rows into the spec's JSON; shared by serializers and ``expand``.

Written out by hand rather than derived, because the standard's shapes (groups, polymorphic
``partijIdentificatie``, readOnly reverse lists) do not follow our columns one to one, and
because list pages of 100 rows must not cost a query per row: every reverse list below reads
a prefetched relation.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from rest_framework.request import Request

from klantbeeld.api.base import resource_url
from klantbeeld.api.resources.common import address_group, identifier_group
from klantbeeld.contacts.constants import ActorKind
from klantbeeld.core.constants import Channel
from klantbeeld.parties.constants import DigitalAddressKind, PartyKind

_LOCAL = ZoneInfo(settings.TIME_ZONE)


def ref(request: Request | None, resource: str, obj: Any) -> dict[str, str] | None:
    if obj is None:
        return None
    return {"uuid": str(obj.uuid), "url": resource_url(request, resource, obj.uuid)}


def refs(request: Request | None, resource: str, rows: Any) -> list[dict[str, str] | None]:
    return [ref(request, resource, row) for row in rows]


def blank_none(value: str) -> str | None:
    return value or None


def without_blank(data: dict[str, Any], *names: str) -> dict[str, Any]:
    """Leave out optional strings that are blank where the standard gives them a pattern, a
    format or a minimum length, so that an empty value never breaks a client's validation."""
    return {key: value for key, value in data.items() if not (key in names and value == "")}


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# --- parties ---------------------------------------------------------------------------------


def contact_name(party: Any) -> dict[str, str] | None:
    values = {
        "voorletters": party.initials,
        "voornaam": party.given_names,
        "voorvoegselAchternaam": party.surname_prefix,
        "achternaam": party.surname,
    }
    return values if any(values.values()) else None


def party_identification(request: Request | None, party: Any) -> dict[str, Any]:
    if party.kind == PartyKind.ORGANISATION:
        return {"naam": party.organisation_name}
    group: dict[str, Any] = {
        "contactnaam": contact_name(party),
        "volledigeNaam": party.display_name,
    }
    if party.kind == PartyKind.CONTACT_PERSON:
        group = {
            "uuid": str(party.uuid),
            "werkteVoorPartij": ref(request, "partijen", party.works_for),
            **group,
        }
    return group


def party(request: Request | None, row: Any) -> dict[str, Any]:
    """``row`` carries ``api_bundle`` (:func:`klantbeeld.api.loaders.parties_bundled`)."""
    bundle = row.api_bundle
    addresses = bundle.postal_addresses
    return {
        "uuid": str(row.uuid),
        "url": resource_url(request, "partijen", row.uuid),
        "nummer": row.number,
        "interneNotitie": row.internal_note,
        "betrokkenen": _uuid_refs(request, "betrokkenen", bundle.participations),
        "categorieRelaties": [
            {
                "uuid": str(relation.uuid),
                "url": resource_url(request, "categorie-relaties", relation.uuid),
                "categorieNaam": relation.category_name,
                "beginDatum": iso(relation.start_date),
                "eindDatum": iso(relation.end_date),
            }
            for relation in bundle.category_relations
        ],
        "digitaleAdressen": _uuid_refs(request, "digitaleadressen", bundle.digital_addresses),
        "voorkeursDigitaalAdres": ref(request, "digitaleadressen", row.preferred_digital_address),
        "vertegenwoordigden": _uuid_refs(request, "partijen", bundle.represented),
        "rekeningnummers": _uuid_refs(request, "rekeningnummers", bundle.bank_accounts),
        "voorkeursRekeningnummer": ref(request, "rekeningnummers", row.preferred_bank_account),
        "partijIdentificatoren": [
            {
                "uuid": str(item.uuid),
                "url": resource_url(request, "partij-identificatoren", item.uuid),
                "identificeerdePartij": ref(request, "partijen", row),
                "anderePartijIdentificator": item.other_identifier,
                "partijIdentificator": {
                    "codeObjecttype": item.object_type,
                    "codeSoortObjectId": item.kind,
                    "objectId": item.value,
                    "codeRegister": item.register,
                },
                "subIdentificatorVan": (
                    None
                    if item.parent_uuid is None
                    else {
                        "uuid": str(item.parent_uuid),
                        "url": resource_url(request, "partij-identificatoren", item.parent_uuid),
                    }
                ),
            }
            for item in bundle.identifiers
        ],
        "soortPartij": row.kind,
        "indicatieGeheimhouding": row.is_secret,
        "voorkeurstaal": row.preferred_language,
        "indicatieActief": row.is_active,
        "bezoekadres": address_group(addresses.get("bezoekadres")),
        "correspondentieadres": address_group(addresses.get("correspondentieadres")),
        "partijIdentificatie": party_identification(request, row),
    }


def _uuid_refs(request: Request | None, resource: str, uuids: list[Any]) -> list[dict[str, str]]:
    return [{"uuid": str(uuid), "url": resource_url(request, resource, uuid)} for uuid in uuids]


def identifier(request: Request | None, row: Any) -> dict[str, Any]:
    return {
        "uuid": str(row.uuid),
        "url": resource_url(request, "partij-identificatoren", row.uuid),
        "identificeerdePartij": ref(request, "partijen", row.party),
        "anderePartijIdentificator": row.other_identifier,
        "partijIdentificator": {
            "codeObjecttype": row.object_type,
            "codeSoortObjectId": row.kind,
            "objectId": row.value,
            "codeRegister": row.register,
        },
        "subIdentificatorVan": ref(request, "partij-identificatoren", row.parent),
    }


def _local_date(value: Any) -> date | None:
    return value.astimezone(_LOCAL).date() if value is not None else None


def digital_address(request: Request | None, row: Any) -> dict[str, Any]:
    kind, description = row.kind, row.description
    if kind == DigitalAddressKind.WHATSAPP:
        # Not a kind of the standard: an "other" address, described (docs/api/deviations.md).
        kind, description = DigitalAddressKind.OTHER, description or "WhatsApp"
    link = getattr(row, "participant_link", None)
    data = {
        "uuid": str(row.uuid),
        "url": resource_url(request, "digitaleadressen", row.uuid),
        "verstrektDoorBetrokkene": ref(request, "betrokkenen", link.participant if link else None),
        "verstrektDoorPartij": ref(request, "partijen", row.party),
        "adres": row.value,
        "soortDigitaalAdres": kind,
        "isStandaardAdres": row.is_default,
        "omschrijving": description,
        "referentie": row.reference,
        "verificatieDatum": iso(_local_date(row.verified_at)),
    }
    return without_blank(data, "referentie")


def bank_account(request: Request | None, row: Any) -> dict[str, Any]:
    data = {
        "uuid": str(row.uuid),
        "url": resource_url(request, "rekeningnummers", row.uuid),
        "partij": ref(request, "partijen", row.party),
        "iban": row.iban,
        "bic": row.bic,
    }
    return without_blank(data, "bic")


def representation(request: Request | None, row: Any) -> dict[str, Any]:
    return {
        "uuid": str(row.uuid),
        "url": resource_url(request, "vertegenwoordigingen", row.uuid),
        "vertegenwoordigendePartij": ref(request, "partijen", row.representative),
        "vertegenwoordigdePartij": ref(request, "partijen", row.represented),
    }


def category(request: Request | None, row: Any) -> dict[str, Any]:
    return {
        "uuid": str(row.uuid),
        "url": resource_url(request, "categorieen", row.uuid),
        "naam": row.name,
    }


def category_relation(request: Request | None, row: Any) -> dict[str, Any]:
    cat = row.category
    return {
        "uuid": str(row.uuid),
        "url": resource_url(request, "categorie-relaties", row.uuid),
        "partij": ref(request, "partijen", row.party),
        "categorie": (
            None if cat is None else {**(ref(request, "categorieen", cat) or {}), "naam": cat.name}
        ),
        "beginDatum": iso(row.start_date),
        "eindDatum": iso(row.end_date),
    }


# --- contacts --------------------------------------------------------------------------------


def kanaal(row: Any) -> str:
    return row.channel_label if row.channel == Channel.OTHER and row.channel_label else row.channel


def contact(request: Request | None, row: Any) -> dict[str, Any]:
    data = {
        "uuid": str(row.uuid),
        "url": resource_url(request, "klantcontacten", row.uuid),
        "gingOverOnderwerpobjecten": refs(request, "onderwerpobjecten", row.subject_objects.all()),
        "hadBetrokkenActoren": [actor(request, item) for item in row.actors.all()],
        "omvatteBijlagen": refs(request, "bijlagen", row.attachments.all()),
        "hadBetrokkenen": refs(request, "betrokkenen", row.participants.all()),
        "leiddeTotInterneTaken": refs(request, "internetaken", row.internal_tasks.all()),
        "nummer": blank_none(row.number),
        "referentienummer": blank_none(row.reference_number),
        "kanaal": kanaal(row),
        "onderwerp": row.subject,
        "inhoud": row.summary,
        "reactie": row.response,
        "indicatieContactGelukt": row.is_successful,
        "hoofdOnderwerpType": row.main_subject_type,
        "verdereActieOndernomen": row.further_action_taken,
        "taal": row.language,
        "vertrouwelijk": row.is_confidential,
        "plaatsgevondenOp": iso(row.occurred_at),
        "metadata": row.metadata if isinstance(row.metadata, dict) else {},
    }
    return without_blank(data, "hoofdOnderwerpType")


def participant_name(row: Any) -> str:
    parts = (row.given_name or row.initials, row.surname_prefix, row.surname)
    name = " ".join(part for part in parts if part)
    return name or row.organisation_name


def participant(request: Request | None, row: Any) -> dict[str, Any]:
    addresses = {address.kind: address for address in row.addresses.all()}
    name = {
        "voorletters": row.initials,
        "voornaam": row.given_name,
        "voorvoegselAchternaam": row.surname_prefix,
        "achternaam": row.surname,
    }
    return {
        "uuid": str(row.uuid),
        "url": resource_url(request, "betrokkenen", row.uuid),
        "wasPartij": ref(request, "partijen", row.party),
        "hadKlantcontact": ref(request, "klantcontacten", row.contact_moment),
        "digitaleAdressen": [
            ref(request, "digitaleadressen", link.digital_address)
            for link in row.digital_address_links.all()
        ],
        "bezoekadres": address_group(addresses.get("bezoekadres")),
        "correspondentieadres": address_group(addresses.get("correspondentieadres")),
        "contactnaam": name if any(name.values()) else None,
        "volledigeNaam": participant_name(row),
        "rol": row.role,
        "organisatienaam": row.organisation_name,
        "initiator": row.is_initiator,
    }


def subject_object(request: Request | None, row: Any) -> dict[str, Any]:
    return {
        "uuid": str(row.uuid),
        "url": resource_url(request, "onderwerpobjecten", row.uuid),
        "klantcontact": ref(request, "klantcontacten", row.contact_moment),
        "wasKlantcontact": ref(request, "klantcontacten", row.was_contact_moment),
        "onderwerpobjectidentificator": identifier_group(row),
    }


def attachment(request: Request | None, row: Any) -> dict[str, Any]:
    return {
        "uuid": str(row.uuid),
        "url": resource_url(request, "bijlagen", row.uuid),
        "wasBijlageVanKlantcontact": ref(request, "klantcontacten", row.contact_moment),
        "bijlageidentificator": identifier_group(row),
    }


def actor(request: Request | None, row: Any) -> dict[str, Any]:
    if row.kind == ActorKind.EMPLOYEE:
        identification: dict[str, Any] = {
            "functie": row.function,
            "emailadres": row.email,
            "telefoonnummer": row.phone_number,
        }
    elif row.kind == ActorKind.AUTOMATED:
        identification = {"functie": row.function, "omschrijving": row.description}
    else:
        identification = {
            "omschrijving": row.description,
            "emailadres": row.email,
            "faxnummer": row.fax_number,
            "telefoonnummer": row.phone_number,
        }
    return {
        "uuid": str(row.uuid),
        "url": resource_url(request, "actoren", row.uuid),
        "naam": row.name,
        "soortActor": row.kind,
        "indicatieActief": row.is_active,
        "actoridentificator": identifier_group(row),
        "actorIdentificatie": without_blank(identification, "telefoonnummer", "emailadres"),
    }


def actor_contact(request: Request | None, row: Any) -> dict[str, Any]:
    return {
        "uuid": str(row.uuid),
        "url": resource_url(request, "actorklantcontacten", row.uuid),
        "actor": ref(request, "actoren", row.actor),
        "klantcontact": ref(request, "klantcontacten", row.contact_moment),
    }


def task(request: Request | None, row: Any) -> dict[str, Any]:
    # Rows written before tasks had several actors (or in bulk) have only assigned_to.
    actors = [link.actor for link in row.internaltaskactor_set.all()] or (
        [row.assigned_to] if row.assigned_to else []
    )
    return {
        "uuid": str(row.uuid),
        "url": resource_url(request, "internetaken", row.uuid),
        "nummer": blank_none(row.number),
        "referentienummer": blank_none(row.reference_number),
        "gevraagdeHandeling": row.requested_action,
        "aanleidinggevendKlantcontact": ref(request, "klantcontacten", row.contact_moment),
        "toegewezenAanActor": ref(request, "actoren", actors[0] if actors else None),
        "toegewezenAanActoren": refs(request, "actoren", actors),
        "toelichting": row.explanation,
        "status": row.status,
        "toegewezenOp": iso(row.assigned_at),
        "afgehandeldOp": iso(row.completed_at),
    }
