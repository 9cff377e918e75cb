"""actoren, actorklantcontacten and internetaken: who handled a contact, and what was agreed
to do next (VNG Actor, ActorKlantcontact, InterneTaak).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

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
from klantbeeld.api.errors import Conflict
from klantbeeld.api.resources.common import (
    PHONE,
    ObjectIdentifierSerializer,
    identifier_columns_set,
    object_identifier_filters,
    text,
)
from klantbeeld.api.resources.querysets import active_actors_of, actors_of, contacts_of, task_rows
from klantbeeld.contacts.constants import ActorKind, ParticipantRole, TaskStatus
from klantbeeld.contacts.models import (
    Actor,
    ActorContactMoment,
    InternalTask,
    InternalTaskActor,
)
from klantbeeld.core import clock
from klantbeeld.core.models import Provider
from klantbeeld.core.numbering import number_next


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


class ActorFilter(FilterSet):
    indicatieActief = BooleanFilter(field_name="is_active")
    naam = filters.CharFilter(field_name="name")
    soortActor = filters.ChoiceFilter(field_name="kind", choices=ActorKind.choices)
    locals().update(object_identifier_filters("actoridentificator", ""))


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
