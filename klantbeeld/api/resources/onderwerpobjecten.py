"""onderwerpobjecten and bijlagen: what a contact was about, and what came with it, as
objects held in other registers (a zaak, an invoice, a document).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from klantbeeld.api import represent
from klantbeeld.api.base import (
    FilterSet,
    Reference,
    ResourceSerializer,
    ResourceViewSet,
    UrlFilter,
    resource_url,
)
from klantbeeld.api.resources.common import (
    ObjectIdentifierSerializer,
    identifier_columns_set,
    object_identifier_filters,
)
from klantbeeld.api.resources.querysets import (
    contacts_of,
)
from klantbeeld.contacts.models import (
    Attachment,
    ContactMoment,
    SubjectObject,
)
from klantbeeld.parties.models import DigitalAddress
from klantbeeld.privacy.constants import Operation


class OnderwerpobjectSerializer(ResourceSerializer):
    shape = staticmethod(represent.subject_object)

    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(read_only=True)
    klantcontact = Reference("klantcontacten", contacts_of, required=False, allow_null=True)
    wasKlantcontact = Reference("klantcontacten", contacts_of, required=False, allow_null=True)
    onderwerpobjectidentificator = ObjectIdentifierSerializer(required=False, allow_null=True)


class OnderwerpobjectZonderKlantcontactSerializer(OnderwerpobjectSerializer):
    klantcontact = Reference("klantcontacten", read_only=True)


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


class OnderwerpobjectFilter(FilterSet):
    klantcontact__uuid = filters.UUIDFilter(field_name="contact_moment__uuid")
    klantcontact__url = UrlFilter(field_name="contact_moment__uuid")
    wasKlantcontact__uuid = filters.UUIDFilter(field_name="was_contact_moment__uuid")
    wasKlantcontact__url = UrlFilter(field_name="was_contact_moment__uuid")
    locals().update(object_identifier_filters("onderwerpobjectidentificator", ""))


class BijlageFilter(FilterSet):
    klantcontact__uuid = filters.UUIDFilter(field_name="contact_moment__uuid")
    locals().update(object_identifier_filters("bijlageidentificator", ""))


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
