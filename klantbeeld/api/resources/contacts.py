"""klantcontacten, betrokkenen, onderwerpobjecten, bijlagen and maak-klantcontact: the
Klantinteracties resources on ``klantbeeld.contacts``.

A contact registered by another system joins the customer's thread like any other (CH-05):
as soon as it has a betrokkene that is a known party, it continues that party's open
conversation, so the employee who takes the next call sees it (CV-04).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers, status
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
)
from klantbeeld.api.resources.common import (
    AddressSerializer,
    address_columns,
    object_identifier_filters,
    text,
)
from klantbeeld.api.resources.identificatoren import party_identifier_filters
from klantbeeld.api.resources.onderwerpobjecten import (
    OnderwerpobjectZonderKlantcontactSerializer,
    subject_object_write,
)
from klantbeeld.api.resources.party_data import DigitaalAdresSerializer
from klantbeeld.api.resources.querysets import (
    contact_rows,
    contacts_of,
    participant_rows,
    parties_of,
    task_rows,
)
from klantbeeld.contacts.constants import ParticipantRole
from klantbeeld.contacts.models import (
    Attachment,
    ContactMoment,
    InternalTask,
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

CHANNEL_ALIASES = {
    "e-mail": Channel.EMAIL,
    "mail": Channel.EMAIL,
    "telefonisch": Channel.PHONE,
    "chat": Channel.WEB_CHAT,
    "post": Channel.LETTER,
}


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
        from klantbeeld.api.resources.querysets import party_rows

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
        object_identifier_filters(
            "onderwerpobject__onderwerpobjectidentificator", "subject_objects__"
        )
    )
    locals().update(
        object_identifier_filters(
            "wasOnderwerpobject__onderwerpobjectidentificator", "was_subject_objects__"
        )
    )
    locals().update(party_identifier_filters("hadBetrokkene__wasPartij__", "participants__party"))

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
    locals().update(party_identifier_filters("wasPartij__", "party"))


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


DigitaalAdresSerializer.expanders = {"verstrektDoorBetrokkene": _address_participant}
