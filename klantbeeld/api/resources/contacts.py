"""klantcontacten, betrokkenen, onderwerpobjecten, bijlagen, actoren, actorklantcontacten,
internetaken and maak-klantcontact: the Klantinteracties resources on ``klantbeeld.contacts``.

A contact registered by another system joins the customer's thread like any other (CH-05):
as soon as it has a betrokkene that is a known party, it continues that party's open
conversation on the topic, so the employee who takes the next call sees it (CV-04).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.core.validators import RegexValidator
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from klantbeeld.api import represent
from klantbeeld.api.base import (
    BooleanFilter,
    FilterSet,
    Reference,
    ResourceSerializer,
    ResourceViewSet,
    StrictSerializer,
    UrlFilter,
    assign,
    resource_url,
)
from klantbeeld.api.errors import Conflict
from klantbeeld.api.resources.common import (
    AddressSerializer,
    ObjectIdentifierSerializer,
    address_columns,
    text,
)
from klantbeeld.api.resources.parties import DigitaalAdresSerializer, parties_of
from klantbeeld.contacts.constants import ActorKind, ParticipantRole, TaskStatus
from klantbeeld.contacts.models import (
    Actor,
    ActorContactMoment,
    Attachment,
    ContactMoment,
    InternalTask,
    InternalTaskActor,
    Participant,
    ParticipantAddress,
    SubjectObject,
)
from klantbeeld.contacts.services import contact_thread
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.core.models import Provider
from klantbeeld.core.numbering import number_next
from klantbeeld.parties.constants import PostalAddressKind
from klantbeeld.parties.models import DigitalAddress
from klantbeeld.privacy.constants import Activity, Operation

PHONE = RegexValidator(
    r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$",
    "Geef een telefoonnummer als 0612345678, +31612345678 of 0031612345678.",
)
# Other systems' names for our channels (case-insensitive); anything else is kept verbatim.
CHANNEL_ALIASES = {
    "e-mail": Channel.EMAIL,
    "mail": Channel.EMAIL,
    "telefonisch": Channel.PHONE,
    "chat": Channel.WEB_CHAT,
    "post": Channel.LETTER,
}


# --- querysets -------------------------------------------------------------------------------


def contacts_of(provider_id: int) -> QuerySet[ContactMoment]:
    return ContactMoment.objects.filter(provider_id=provider_id)


def participants_of(provider_id: int) -> QuerySet[Participant]:
    return Participant.objects.filter(contact_moment__provider_id=provider_id)


def actors_of(provider_id: int) -> QuerySet[Actor]:
    return Actor.objects.filter(provider_id=provider_id)


def active_actors_of(provider_id: int) -> QuerySet[Actor]:
    return actors_of(provider_id).filter(is_active=True)


def contact_rows() -> QuerySet[ContactMoment]:
    return ContactMoment.objects.prefetch_related(
        Prefetch("subject_objects", queryset=SubjectObject.objects.only("uuid", "contact_moment")),
        Prefetch("actors", queryset=Actor.objects.order_by("pk")),
        Prefetch("attachments", queryset=Attachment.objects.only("uuid", "contact_moment")),
        Prefetch("participants", queryset=Participant.objects.select_related("party")),
        Prefetch("internal_tasks", queryset=InternalTask.objects.only("uuid", "contact_moment")),
    )


def participant_rows() -> QuerySet[Participant]:
    return Participant.objects.select_related("party", "contact_moment").prefetch_related(
        "addresses", "digital_address_links__digital_address"
    )


def task_rows() -> QuerySet[InternalTask]:
    return InternalTask.objects.select_related("contact_moment", "assigned_to").prefetch_related(
        Prefetch(
            "internaltaskactor_set", queryset=InternalTaskActor.objects.select_related("actor")
        )
    )


# --- expand ----------------------------------------------------------------------------------


def _participant_expanded(request: Request | None, row: Participant, tree: dict[str, Any]) -> Any:
    data = represent.participant(request, row)
    extra: dict[str, Any] = {}
    if "digitaleAdressen" in tree:
        extra["digitaleAdressen"] = [
            represent.digital_address(request, link.digital_address)
            for link in row.digital_address_links.all()
        ]
    if "wasPartij" in tree:
        from klantbeeld.api.loaders import parties_bundled
        from klantbeeld.api.resources.parties import party_rows

        party = party_rows().filter(pk=row.party_id).first() if row.party_id else None
        extra["wasPartij"] = (
            represent.party(request, parties_bundled([party])[0]) if party else None
        )
    if "hadKlantcontact" in tree:
        contact = contact_rows().get(pk=row.contact_moment_id)
        contact_data = represent.contact(request, contact)
        if "leiddeTotInterneTaken" in tree["hadKlantcontact"]:
            contact_data["_expand"] = {
                "leiddeTotInterneTaken": [
                    represent.task(request, task)
                    for task in task_rows().filter(contact_moment=contact)
                ]
            }
        extra["hadKlantcontact"] = contact_data
    if extra:
        data["_expand"] = extra
    return data


def _contact_participants(request: Request | None, row: ContactMoment, tree: dict[str, Any]) -> Any:
    return [
        _participant_expanded(request, item, tree)
        for item in participant_rows().filter(contact_moment=row)
    ]


def _contact_tasks(request: Request | None, row: ContactMoment, tree: dict[str, Any]) -> Any:
    return [represent.task(request, item) for item in task_rows().filter(contact_moment=row)]


def _contact_subject_objects(request: Request | None, row: ContactMoment, tree: Any) -> Any:
    rows = SubjectObject.objects.filter(contact_moment=row).select_related(
        "contact_moment", "was_contact_moment"
    )
    return [represent.subject_object(request, item) for item in rows]


def _contact_attachments(request: Request | None, row: ContactMoment, tree: Any) -> Any:
    rows = Attachment.objects.filter(contact_moment=row).select_related("contact_moment")
    return [represent.attachment(request, item) for item in rows]


def _address_participant(request: Request | None, row: DigitalAddress, tree: Any) -> Any:
    link = getattr(row, "participant_link", None)
    if link is None:
        return None
    participant = participant_rows().get(pk=link.participant_id)
    return _participant_expanded(request, participant, tree)


# --- serializers -----------------------------------------------------------------------------


class ParticipantNameSerializer(StrictSerializer):
    voorletters = text(10, source="initials")
    voornaam = text(200, source="given_name")
    voorvoegselAchternaam = text(10, source="surname_prefix")
    achternaam = text(200, source="surname")


class KlantcontactSerializer(ResourceSerializer):
    shape = staticmethod(represent.contact)
    expanders = {
        "gingOverOnderwerpobjecten": _contact_subject_objects,
        "hadBetrokkenen": _contact_participants,
        "leiddeTotInterneTaken": _contact_tasks,
        "omvatteBijlagen": _contact_attachments,
    }

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    gingOverOnderwerpobjecten = serializers.ListField(read_only=True)
    hadBetrokkenActoren = serializers.ListField(read_only=True)
    omvatteBijlagen = serializers.ListField(read_only=True)
    hadBetrokkenen = serializers.ListField(read_only=True)
    leiddeTotInterneTaken = serializers.ListField(read_only=True)
    nummer = serializers.CharField(max_length=10, required=False, allow_null=True, allow_blank=True)
    referentienummer = serializers.CharField(
        max_length=10, required=False, allow_null=True, allow_blank=True
    )
    kanaal = serializers.CharField(max_length=50)
    onderwerp = serializers.CharField(max_length=200)
    inhoud = text(1000)
    reactie = text(4000)
    indicatieContactGelukt = serializers.BooleanField(required=False, allow_null=True)
    hoofdOnderwerpType = serializers.URLField(max_length=200, required=False, allow_blank=True)
    verdereActieOndernomen = serializers.BooleanField(required=False)
    taal = serializers.CharField(max_length=3)
    vertrouwelijk = serializers.BooleanField()
    plaatsgevondenOp = serializers.DateTimeField(required=False)
    metadata = serializers.DictField(
        child=serializers.CharField(max_length=255, allow_blank=True), required=False
    )


def channel_of(kanaal: str) -> tuple[str, str]:
    """(channel, label): one of ours when it matches, else ``overig`` with the name as given."""
    key = kanaal.strip().lower()
    if key in Channel.values and key != Channel.OTHER:
        return key, ""
    if key in CHANNEL_ALIASES:
        return CHANNEL_ALIASES[key], ""
    return Channel.OTHER, kanaal.strip()


def contact_write(
    provider_id: int, row: ContactMoment | None, data: dict[str, Any]
) -> ContactMoment:
    if row is None:
        row = ContactMoment(provider_id=provider_id, occurred_at=clock.now())
    if "kanaal" in data:
        row.channel, row.channel_label = channel_of(data["kanaal"])
    columns = {
        "referentienummer": "reference_number",
        "onderwerp": "subject",
        "inhoud": "summary",
        "reactie": "response",
        "indicatieContactGelukt": "is_successful",
        "hoofdOnderwerpType": "main_subject_type",
        "verdereActieOndernomen": "further_action_taken",
        "taal": "language",
        "vertrouwelijk": "is_confidential",
        "plaatsgevondenOp": "occurred_at",
        "metadata": "metadata",
    }
    for name, column in columns.items():
        if name in data:
            value = data[name]
            setattr(row, column, "" if value is None and column == "reference_number" else value)
    if "inhoud" in data:
        row.content = data["inhoud"]
    if data.get("nummer"):
        row.number = data["nummer"]
    elif not row.number:
        row.number = number_next(Provider.objects.get(pk=provider_id), "contact")
    row.save()
    return row


class BetrokkeneSerializer(ResourceSerializer):
    shape = staticmethod(represent.participant)
    expanders = {
        "digitaleAdressen": lambda request, row, tree: [
            represent.digital_address(request, link.digital_address)
            for link in row.digital_address_links.all()
        ]
    }

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    wasPartij = Reference("partijen", parties_of, required=False, allow_null=True)
    hadKlantcontact = Reference("klantcontacten", contacts_of)
    digitaleAdressen = serializers.ListField(read_only=True)
    bezoekadres = AddressSerializer(required=False, allow_null=True)
    correspondentieadres = AddressSerializer(required=False, allow_null=True)
    contactnaam = ParticipantNameSerializer(required=False, allow_null=True)
    volledigeNaam = serializers.CharField(read_only=True)
    rol = serializers.ChoiceField(choices=ParticipantRole.choices)
    organisatienaam = text(200)
    initiator = serializers.BooleanField()


class BetrokkeneZonderKlantcontactSerializer(BetrokkeneSerializer):
    """The betrokkene of ``maak-klantcontact``: its klantcontact is the one being made."""

    hadKlantcontact = Reference("klantcontacten", read_only=True)


def participant_write(
    row: Participant | None, data: dict[str, Any], *, contact: ContactMoment | None = None
) -> Participant:
    if row is None:
        row = Participant(contact_moment=contact or data["hadKlantcontact"])
    if "hadKlantcontact" in data and contact is None:
        row.contact_moment = data["hadKlantcontact"]
    assign(
        row,
        data,
        {
            "wasPartij": "party",
            "rol": "role",
            "organisatienaam": "organisation_name",
            "initiator": "is_initiator",
        },
    )
    if "contactnaam" in data:
        names = {"initials": "", "given_name": "", "surname_prefix": "", "surname": ""}
        names |= dict(data["contactnaam"] or {})
        for column, value in names.items():
            setattr(row, column, value)
    row.save()
    for kind in (PostalAddressKind.VISIT, PostalAddressKind.CORRESPONDENCE):
        if kind in data:
            columns = address_columns(data[kind])
            if columns is None:
                ParticipantAddress.objects.filter(participant=row, kind=kind).delete()
            else:
                ParticipantAddress.objects.update_or_create(
                    participant=row, kind=kind, defaults=columns
                )
    contact_moment = row.contact_moment
    if row.party is not None and contact_moment.conversation_id is None:
        contact_moment.conversation = contact_thread(row.party, contact_moment)
        contact_moment.save(update_fields=["conversation", "updated_at"])
    return row


class OnderwerpobjectSerializer(ResourceSerializer):
    shape = staticmethod(represent.subject_object)

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    klantcontact = Reference("klantcontacten", contacts_of, required=False, allow_null=True)
    wasKlantcontact = Reference("klantcontacten", contacts_of, required=False, allow_null=True)
    onderwerpobjectidentificator = ObjectIdentifierSerializer(required=False, allow_null=True)


class OnderwerpobjectZonderKlantcontactSerializer(OnderwerpobjectSerializer):
    klantcontact = Reference("klantcontacten", read_only=True)


def identifier_columns_set(row: Any, values: dict[str, Any] | None) -> None:
    blank = {"object_id": "", "object_type": "", "register": "", "id_kind": ""}
    for column, value in (blank | dict(values or {})).items():
        setattr(row, column, value)


def subject_object_write(
    provider_id: int,
    row: SubjectObject | None,
    data: dict[str, Any],
    *,
    contact: ContactMoment | None = None,
) -> SubjectObject:
    row = row or SubjectObject(provider_id=provider_id)
    if contact is not None:
        row.contact_moment = contact
    elif "klantcontact" in data:
        row.contact_moment = data["klantcontact"]
    if "wasKlantcontact" in data:
        row.was_contact_moment = data["wasKlantcontact"]
    if "onderwerpobjectidentificator" in data:
        identifier_columns_set(row, data["onderwerpobjectidentificator"])
    row.save()
    return row


class BijlageSerializer(ResourceSerializer):
    shape = staticmethod(represent.attachment)

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    wasBijlageVanKlantcontact = Reference(
        "klantcontacten", contacts_of, required=False, allow_null=True
    )
    bijlageidentificator = ObjectIdentifierSerializer(required=False, allow_null=True)


class MedewerkerSerializer(StrictSerializer):
    functie = serializers.CharField(max_length=40)
    emailadres = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    telefoonnummer = serializers.CharField(max_length=20, validators=[PHONE])


class GeautomatiseerdeActorSerializer(StrictSerializer):
    functie = serializers.CharField(max_length=40)
    omschrijving = text(200)


class OrganisatorischeEenheidSerializer(StrictSerializer):
    omschrijving = text(200)
    emailadres = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    faxnummer = text(20)
    telefoonnummer = serializers.CharField(max_length=20, required=False, validators=[PHONE])


ACTOR_IDENTIFICATION = {
    ActorKind.EMPLOYEE: MedewerkerSerializer,
    ActorKind.AUTOMATED: GeautomatiseerdeActorSerializer,
    ActorKind.TEAM: OrganisatorischeEenheidSerializer,
}
ACTOR_COLUMNS = {
    "functie": "function",
    "emailadres": "email",
    "telefoonnummer": "phone_number",
    "omschrijving": "description",
    "faxnummer": "fax_number",
}


class ActorSerializer(ResourceSerializer):
    shape = staticmethod(represent.actor)

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    naam = serializers.CharField(max_length=200)
    soortActor = serializers.ChoiceField(choices=ActorKind.choices)
    indicatieActief = serializers.BooleanField(required=False)
    actoridentificator = ObjectIdentifierSerializer(required=False, allow_null=True)
    actorIdentificatie = serializers.JSONField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = str(attrs.get("soortActor") or getattr(self.instance, "kind", ActorKind.EMPLOYEE))
        group = attrs.get("actorIdentificatie")
        changes_kind = "soortActor" in attrs and attrs["soortActor"] != getattr(
            self.instance, "kind", None
        )
        if group is not None or changes_kind:
            nested = ACTOR_IDENTIFICATION[ActorKind(kind)](
                data=group or {},
                context=self.context,
                partial=bool(self.partial and not changes_kind),
            )
            if not nested.is_valid():
                raise ValidationError({"actorIdentificatie": nested.errors})
            attrs["actorIdentificatie"] = dict(nested.validated_data)
        return attrs


class ActorKlantcontactSerializer(ResourceSerializer):
    shape = staticmethod(represent.actor_contact)

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    actor = Reference("actoren", active_actors_of)
    klantcontact = Reference("klantcontacten", contacts_of)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        actor = attrs.get("actor", getattr(self.instance, "actor", None))
        contact = attrs.get("klantcontact", getattr(self.instance, "contact_moment", None))
        duplicate = ActorContactMoment.objects.filter(actor=actor, contact_moment=contact)
        if self.instance is not None:
            duplicate = duplicate.exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise ValidationError({"actor": "Deze actor hoort al bij dit klantcontact."})
        return attrs


class InterneTaakSerializer(ResourceSerializer):
    shape = staticmethod(represent.task)

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    nummer = serializers.CharField(max_length=10, required=False, allow_null=True, allow_blank=True)
    referentienummer = serializers.CharField(
        max_length=10, required=False, allow_null=True, allow_blank=True
    )
    gevraagdeHandeling = serializers.CharField(max_length=200)
    aanleidinggevendKlantcontact = Reference("klantcontacten", contacts_of)
    toegewezenAanActor = Reference("actoren", active_actors_of, required=False, allow_null=True)
    toegewezenAanActoren = serializers.ListField(
        child=Reference("actoren", active_actors_of), required=False
    )
    toelichting = text(1000)
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    toegewezenOp = serializers.DateTimeField(read_only=True)
    afgehandeldOp = serializers.DateTimeField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        actors = attrs.get("toegewezenAanActoren") or []
        if len({actor.pk for actor in actors}) != len(actors):
            raise ValidationError({"toegewezenAanActoren": "Noem elke actor één keer."})
        return attrs


def task_write(provider_id: int, row: InternalTask | None, data: dict[str, Any]) -> InternalTask:
    now = clock.now()
    if row is None:
        row = InternalTask(provider_id=provider_id, assigned_at=now)
    if "aanleidinggevendKlantcontact" in data:
        row.contact_moment = data["aanleidinggevendKlantcontact"]
        customers = [
            participant.party
            for participant in row.contact_moment.participants.filter(
                role=ParticipantRole.CUSTOMER
            ).exclude(party=None)
        ]
        row.party = customers[0] if len(customers) == 1 else None
    columns = {
        "gevraagdeHandeling": "requested_action",
        "toelichting": "explanation",
        "status": "status",
        "afgehandeldOp": "completed_at",
    }
    assign(row, data, columns)
    if "referentienummer" in data:
        row.reference_number = data["referentienummer"] or ""
    if data.get("nummer"):
        row.number = data["nummer"]
    elif not row.number:
        row.number = number_next(Provider.objects.get(pk=provider_id), "task")
    if row.status == TaskStatus.DONE and row.completed_at is None:
        row.completed_at = now
    if row.status == TaskStatus.TO_DO and "afgehandeldOp" not in data:
        row.completed_at = None
    actors: list[Actor] | None = None
    if "toegewezenAanActoren" in data:
        actors = list(data["toegewezenAanActoren"])
    elif "toegewezenAanActor" in data:
        actors = [data["toegewezenAanActor"]] if data["toegewezenAanActor"] else []
    if actors is not None:
        row.assigned_to = actors[0] if actors else None
    row.save()
    if actors is not None:
        InternalTaskActor.objects.filter(task=row).delete()
        InternalTaskActor.objects.bulk_create(
            InternalTaskActor(task=row, actor=actor, position=index)
            for index, actor in enumerate(actors)
        )
    return row


# --- filters ---------------------------------------------------------------------------------


def _identifier_filters(prefix: str, path: str) -> dict[str, filters.Filter]:
    columns = {
        "CodeObjecttype": "object_type",
        "CodeRegister": "register",
        "CodeSoortObjectId": "id_kind",
        "ObjectId": "object_id",
    }
    return {
        f"{prefix}{name}": filters.CharFilter(field_name=f"{path}{column}", distinct=bool(path))
        for name, column in columns.items()
    }


def _party_identifier_filters(prefix: str, party_path: str) -> dict[str, filters.Filter]:
    from klantbeeld.parties.models import PartyIdentifier

    def make(column: str) -> Any:
        def method(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
            return queryset.filter(
                Exists(
                    PartyIdentifier.objects.filter(party=OuterRef(party_path), **{column: value})
                )
            )

        return method

    columns = {
        "codeObjecttype": "object_type",
        "codeRegister": "register",
        "codeSoortObjectId": "kind",
        "objectId": "value",
    }
    return {
        f"{prefix}partijIdentificator__{name}": filters.CharFilter(method=make(column))
        for name, column in columns.items()
    }


class KlantcontactFilter(FilterSet):
    hadBetrokkene__digitaaladres__adres__icontains = filters.CharFilter(
        field_name="participants__digital_address_links__digital_address__value",
        lookup_expr="icontains",
        distinct=True,
    )
    hadBetrokkene__uuid = filters.UUIDFilter(field_name="participants__uuid", distinct=True)
    hadBetrokkene__url = UrlFilter(field_name="participants__uuid")
    hadBetrokkene__wasPartij = BooleanFilter(method="with_party")
    hadBetrokkene__wasPartij__uuid = filters.UUIDFilter(method="party_uuid")
    hadBetrokkene__wasPartij__url = UrlFilter(field_name="participants__party__uuid")
    indicatieContactGelukt = BooleanFilter(field_name="is_successful")
    inhoud = filters.CharFilter(field_name="summary", lookup_expr="icontains")
    kanaal = filters.CharFilter(method="channel")
    leiddeTotInterneTaken = BooleanFilter(method="with_tasks")
    nummer = filters.CharFilter(field_name="number")
    onderwerp = filters.CharFilter(field_name="subject", lookup_expr="icontains")
    onderwerpobject__uuid = filters.UUIDFilter(field_name="subject_objects__uuid", distinct=True)
    onderwerpobject__url = UrlFilter(field_name="subject_objects__uuid")
    plaatsgevondenOp = filters.IsoDateTimeFilter(field_name="occurred_at")
    reactie = filters.CharFilter(field_name="response", lookup_expr="icontains")
    referentienummer = filters.CharFilter(field_name="reference_number")
    vertrouwelijk = BooleanFilter(field_name="is_confidential")
    wasOnderwerpobject__uuid = filters.UUIDFilter(
        field_name="was_subject_objects__uuid", distinct=True
    )
    wasOnderwerpobject__url = UrlFilter(field_name="was_subject_objects__uuid")
    locals().update(
        _identifier_filters("onderwerpobject__onderwerpobjectidentificator", "subject_objects__")
    )
    locals().update(
        _identifier_filters(
            "wasOnderwerpobject__onderwerpobjectidentificator", "was_subject_objects__"
        )
    )
    locals().update(_party_identifier_filters("hadBetrokkene__wasPartij__", "participants__party"))

    def with_party(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        linked = Participant.objects.filter(contact_moment=OuterRef("pk"), party__isnull=False)
        return queryset.filter(Exists(linked)) if value else queryset.exclude(Exists(linked))

    def party_uuid(self, queryset: QuerySet[Any], name: str, value: UUID | None) -> QuerySet[Any]:
        """A party's contacts: the query of a customer's timeline. Driven from the party's
        participations (index on party, contact moment), never a scan of all contacts."""
        if value is None:
            return queryset
        contact_ids = Participant.objects.filter(party__uuid=value).values("contact_moment_id")
        return queryset.filter(pk__in=contact_ids)

    def channel(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        channel, label = channel_of(value)
        return queryset.filter(channel=channel, channel_label__iexact=label)

    def with_tasks(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        tasks = InternalTask.objects.filter(contact_moment=OuterRef("pk"))
        return queryset.filter(Exists(tasks)) if value else queryset.exclude(Exists(tasks))


class BetrokkeneFilter(FilterSet):
    contactnaamAchternaam = filters.CharFilter(field_name="surname")
    contactnaamVoorletters = filters.CharFilter(field_name="initials")
    contactnaamVoornaam = filters.CharFilter(field_name="given_name")
    contactnaamVoorvoegselAchternaam = filters.CharFilter(field_name="surname_prefix")
    hadKlantcontact__nummer = filters.CharFilter(field_name="contact_moment__number")
    hadKlantcontact__referentienummer = filters.CharFilter(
        field_name="contact_moment__reference_number"
    )
    hadKlantcontact__uuid = filters.UUIDFilter(field_name="contact_moment__uuid")
    hadKlantcontact__url = UrlFilter(field_name="contact_moment__uuid")
    organisatienaam = filters.CharFilter(field_name="organisation_name")
    verstrektedigitaalAdres__adres = filters.CharFilter(
        field_name="digital_address_links__digital_address__value", distinct=True
    )
    verstrektedigitaalAdres__uuid = filters.UUIDFilter(
        field_name="digital_address_links__digital_address__uuid", distinct=True
    )
    verstrektedigitaalAdres__url = UrlFilter(
        field_name="digital_address_links__digital_address__uuid"
    )
    wasPartij__nummer = filters.CharFilter(field_name="party__number")
    wasPartij__uuid = filters.UUIDFilter(field_name="party__uuid")
    wasPartij__url = UrlFilter(field_name="party__uuid")
    locals().update(_party_identifier_filters("wasPartij__", "party"))


class OnderwerpobjectFilter(FilterSet):
    klantcontact__uuid = filters.UUIDFilter(field_name="contact_moment__uuid")
    klantcontact__url = UrlFilter(field_name="contact_moment__uuid")
    wasKlantcontact__uuid = filters.UUIDFilter(field_name="was_contact_moment__uuid")
    wasKlantcontact__url = UrlFilter(field_name="was_contact_moment__uuid")
    locals().update(_identifier_filters("onderwerpobjectidentificator", ""))


class BijlageFilter(FilterSet):
    klantcontact__uuid = filters.UUIDFilter(field_name="contact_moment__uuid")
    locals().update(_identifier_filters("bijlageidentificator", ""))


class ActorFilter(FilterSet):
    indicatieActief = BooleanFilter(field_name="is_active")
    naam = filters.CharFilter(field_name="name")
    soortActor = filters.ChoiceFilter(field_name="kind", choices=ActorKind.choices)
    locals().update(_identifier_filters("actoridentificator", ""))


class ActorKlantcontactFilter(FilterSet):
    actor__uuid = filters.UUIDFilter(field_name="actor__uuid")
    actor__url = UrlFilter(field_name="actor__uuid")
    klantcontact__uuid = filters.UUIDFilter(field_name="contact_moment__uuid")
    klantcontact__url = UrlFilter(field_name="contact_moment__uuid")


class InterneTaakFilter(FilterSet):
    aanleidinggevendKlantcontact__uuid = filters.UUIDFilter(field_name="contact_moment__uuid")
    aanleidinggevendKlantcontact__url = UrlFilter(field_name="contact_moment__uuid")
    actoren__naam = filters.CharFilter(field_name="assigned_actors__name", distinct=True)
    klantcontact__nummer = filters.CharFilter(field_name="contact_moment__number")
    klantcontact__referentienummer = filters.CharFilter(
        field_name="contact_moment__reference_number"
    )
    klantcontact__uuid = filters.UUIDFilter(field_name="contact_moment__uuid")
    nummer = filters.CharFilter(field_name="number")
    referentienummer = filters.CharFilter(field_name="reference_number")
    status = filters.ChoiceFilter(field_name="status", choices=TaskStatus.choices)
    toegewezenAanActor__uuid = filters.UUIDFilter(field_name="assigned_to__uuid")
    toegewezenAanActor__url = UrlFilter(field_name="assigned_to__uuid")
    toegewezenOp = filters.IsoDateTimeFilter(field_name="assigned_at")


# --- viewsets --------------------------------------------------------------------------------


def _contact_parties(contacts: Sequence[ContactMoment]) -> list[UUID | None]:
    return [
        participant.party.uuid
        for contact in contacts
        for participant in contact.participants.all()
        if participant.party is not None
    ]


class KlantcontactViewSet(ResourceViewSet):
    resource = "klantcontacten"
    queryset = ContactMoment.objects.none()
    serializer_class = KlantcontactSerializer
    filterset_class = KlantcontactFilter
    expand_options = (
        "gingOverOnderwerpobjecten",
        "hadBetrokkenen",
        "hadBetrokkenen.digitaleAdressen",
        "hadBetrokkenen.wasPartij",
        "leiddeTotInterneTaken",
        "omvatteBijlagen",
    )

    def base_queryset(self) -> QuerySet[ContactMoment]:
        return contact_rows().filter(provider_id=self.accessor.provider_id).order_by("-pk")

    def subjects(self, rows: Sequence[ContactMoment]) -> list[UUID | None]:
        return _contact_parties(rows)

    def write(
        self, instance: ContactMoment | None, data: dict[str, Any], *, partial: bool
    ) -> ContactMoment:
        return contact_write(self.accessor.provider_id, instance, data)


class BetrokkeneViewSet(ResourceViewSet):
    resource = "betrokkenen"
    queryset = Participant.objects.none()
    serializer_class = BetrokkeneSerializer
    filterset_class = BetrokkeneFilter
    expand_options = ("digitaleAdressen",)

    def base_queryset(self) -> QuerySet[Participant]:
        return (
            participant_rows()
            .filter(contact_moment__provider_id=self.accessor.provider_id)
            .order_by("-pk")
        )

    def subjects(self, rows: Sequence[Participant]) -> list[UUID | None]:
        return [row.party.uuid for row in rows if row.party is not None]

    def write(
        self, instance: Participant | None, data: dict[str, Any], *, partial: bool
    ) -> Participant:
        return participant_write(instance, data)


class OnderwerpobjectViewSet(ResourceViewSet):
    resource = "onderwerpobjecten"
    queryset = SubjectObject.objects.none()
    serializer_class = OnderwerpobjectSerializer
    filterset_class = OnderwerpobjectFilter

    def base_queryset(self) -> QuerySet[SubjectObject]:
        return (
            SubjectObject.objects.filter(provider_id=self.accessor.provider_id)
            .select_related("contact_moment", "was_contact_moment")
            .order_by("-pk")
        )

    def write(
        self, instance: SubjectObject | None, data: dict[str, Any], *, partial: bool
    ) -> SubjectObject:
        return subject_object_write(self.accessor.provider_id, instance, data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """With ``cascade=true`` the klantcontact goes too, unless another onderwerpobject
        still refers to it; ``behouden`` lists the klantcontacten that stay."""
        cascade = request.query_params.get("cascade", "false").lower()
        if cascade not in ("true", "false", "1", "0"):
            raise ValidationError({"cascade": ["Geef true of false."]})
        if cascade in ("false", "0"):
            return super().destroy(request, *args, **kwargs)
        with transaction.atomic():
            instance = self.get_object()
            contact = instance.contact_moment
            self.gate(self.change_activity, Operation.DELETE, [instance])
            instance.delete()
            kept: list[str] = []
            if contact is not None:
                if SubjectObject.objects.filter(contact_moment=contact).exists():
                    kept.append(resource_url(request, "klantcontacten", contact.uuid))
                else:
                    contact_remove(contact)
        return Response({"behouden": kept}, status=status.HTTP_200_OK)


def contact_remove(contact: ContactMoment) -> None:
    """The contact, and the digital addresses its betrokkenen gave that belong to no party."""
    DigitalAddress.objects.filter(
        participant_link__participant__contact_moment=contact, party=None
    ).delete()
    contact.delete()


class BijlageViewSet(ResourceViewSet):
    resource = "bijlagen"
    queryset = Attachment.objects.none()
    serializer_class = BijlageSerializer
    filterset_class = BijlageFilter

    def base_queryset(self) -> QuerySet[Attachment]:
        return (
            Attachment.objects.filter(provider_id=self.accessor.provider_id)
            .select_related("contact_moment")
            .order_by("-pk")
        )

    def write(
        self, instance: Attachment | None, data: dict[str, Any], *, partial: bool
    ) -> Attachment:
        row = instance or Attachment(provider_id=self.accessor.provider_id)
        if "wasBijlageVanKlantcontact" in data:
            row.contact_moment = data["wasBijlageVanKlantcontact"]
        if "bijlageidentificator" in data:
            identifier_columns_set(row, data["bijlageidentificator"])
        row.save()
        return row


class ActorViewSet(ResourceViewSet):
    resource = "actoren"
    queryset = Actor.objects.none()
    serializer_class = ActorSerializer
    filterset_class = ActorFilter

    def base_queryset(self) -> QuerySet[Actor]:
        return actors_of(self.accessor.provider_id).order_by("-pk")

    def write(self, instance: Actor | None, data: dict[str, Any], *, partial: bool) -> Actor:
        row = instance or Actor(provider_id=self.accessor.provider_id)
        assign(row, data, {"naam": "name", "soortActor": "kind", "indicatieActief": "is_active"})
        if "actoridentificator" in data:
            identifier_columns_set(row, data["actoridentificator"])
        if "actorIdentificatie" in data:
            group = data["actorIdentificatie"] or {}
            for name, column in ACTOR_COLUMNS.items():
                if name in group or not partial:
                    setattr(row, column, group.get(name, ""))
        row.save()
        return row

    def remove(self, instance: Actor) -> None:
        """An actor who handled contacts or tasks stays, so history keeps its name; it can be
        made inactive instead (``indicatieActief``)."""
        if (
            instance.contact_moments.exists()
            or InternalTaskActor.objects.filter(actor=instance).exists()
            or instance.assigned_tasks.exists()
        ):
            raise Conflict(
                "Deze actor komt voor in klantcontacten of interne taken en blijft bewaard; "
                "zet indicatieActief op false."
            )
        instance.delete()


class ActorKlantcontactViewSet(ResourceViewSet):
    resource = "actorklantcontacten"
    queryset = ActorContactMoment.objects.none()
    serializer_class = ActorKlantcontactSerializer
    filterset_class = ActorKlantcontactFilter

    def base_queryset(self) -> QuerySet[ActorContactMoment]:
        return (
            ActorContactMoment.objects.filter(actor__provider_id=self.accessor.provider_id)
            .select_related("actor", "contact_moment")
            .order_by("-pk")
        )

    def write(
        self, instance: ActorContactMoment | None, data: dict[str, Any], *, partial: bool
    ) -> ActorContactMoment:
        row = instance or ActorContactMoment()
        assign(row, data, {"actor": "actor", "klantcontact": "contact_moment"})
        row.save()
        return row


class InterneTaakViewSet(ResourceViewSet):
    resource = "internetaken"
    queryset = InternalTask.objects.none()
    serializer_class = InterneTaakSerializer
    filterset_class = InterneTaakFilter

    def base_queryset(self) -> QuerySet[InternalTask]:
        return task_rows().filter(provider_id=self.accessor.provider_id).order_by("-pk")

    def subjects(self, rows: Sequence[InternalTask]) -> list[UUID | None]:
        return [row.party.uuid for row in rows if row.party is not None]

    def write(
        self, instance: InternalTask | None, data: dict[str, Any], *, partial: bool
    ) -> InternalTask:
        return task_write(self.accessor.provider_id, instance, data)


class MaakKlantcontactSerializer(StrictSerializer):
    klantcontact = KlantcontactSerializer()
    betrokkene = BetrokkeneZonderKlantcontactSerializer(required=False)
    onderwerpobject = OnderwerpobjectZonderKlantcontactSerializer(required=False)


class MaakKlantcontactViewSet(ResourceViewSet):
    """``POST /maak-klantcontact``: a klantcontact with its betrokkene and onderwerpobject in
    one transaction, the way a portal or phone system registers a contact."""

    resource = "maak-klantcontact"
    queryset = ContactMoment.objects.none()
    serializer_class = MaakKlantcontactSerializer
    http_method_names = ["post", "options"]

    def base_queryset(self) -> QuerySet[ContactMoment]:
        return contacts_of(self.accessor.provider_id)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(request.data, instance=None, partial=False)
        provider_id = self.accessor.provider_id
        with transaction.atomic():
            contact = contact_write(provider_id, None, dict(data["klantcontact"]))
            participant = subject = None
            if data.get("betrokkene") is not None:
                participant = participant_write(None, dict(data["betrokkene"]), contact=contact)
            if data.get("onderwerpobject") is not None:
                subject = subject_object_write(
                    provider_id, None, dict(data["onderwerpobject"]), contact=contact
                )
            parties = [participant.party] if participant and participant.party else []
            self.gate_subjects(Activity.CONTACT_REGISTER, Operation.CREATE, parties)
        contact = contact_rows().get(pk=contact.pk)
        # What was not sent is left out: the standard has no null for these two.
        body: dict[str, Any] = {"klantcontact": represent.contact(request, contact)}
        if participant is not None:
            body["betrokkene"] = represent.participant(
                request, participant_rows().get(pk=participant.pk)
            )
        if subject is not None:
            body["onderwerpobject"] = represent.subject_object(request, subject)
        return Response(body, status=status.HTTP_201_CREATED)

    def gate_subjects(self, activity: Activity, operation: Operation, parties: list[Any]) -> None:
        from klantbeeld.privacy.services import purpose_bound

        purpose_bound(
            accessor=self.accessor,
            activity=activity,
            operation=operation,
            subjects=[party.uuid for party in parties] or [None],
        )


# A digital address expands to the betrokkene that gave it (defined here, where betrokkenen are).
DigitaalAdresSerializer.expanders = {"verstrektDoorBetrokkene": _address_participant}
