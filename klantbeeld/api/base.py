"""What every Klantinteracties resource shares: tenancy, the purpose gate, references,
pagination, ``expand``, strict input and the ``API-version`` header (issue 4).

A resource declares its queryset, its serializer, its filters and two privacy facts: which
processing activity each action is, and which data subjects (party uuids) a set of rows
concerns. :class:`ResourceViewSet` then runs every call through
:func:`klantbeeld.privacy.services.purpose_bound`, so each read or write is checked against the
token's activities and written to the processing log, one record per data subject.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar
from uuid import UUID

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import MethodNotAllowed, NotFound, ParseError, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from klantbeeld.api.auth import ApiClient, TokenAuthentication, TokenScope
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound

API_VERSION = "0.9.0"
API_PREFIX = "/klantinteracties/api/v1"
# Query parameters every list understands besides its filters.
COMMON_PARAMS = frozenset({"page", "pageSize", "expand"})


def accessor_of(request: HttpRequest | Request) -> Accessor:
    client = request.user
    if not isinstance(client, ApiClient):  # the permission class lets no other caller through
        raise TypeError("An API view was reached without an API token.")
    return client.accessor


def resource_url(request: Request | None, resource: str, uuid: UUID | str) -> str:
    """The absolute URL of a resource; the base is computed once per request (a page of 100
    partijen holds a few thousand URLs)."""
    if request is None:
        return f"{API_PREFIX}/{resource}/{uuid}"
    base = getattr(request, "_klantbeeld_api_base", None)
    if base is None:
        base = request.build_absolute_uri(API_PREFIX)
        request._klantbeeld_api_base = base
    return f"{base}/{resource}/{uuid}"


def uuid_from_url(value: str) -> str:
    """The uuid at the end of a resource URL (for ``…__url`` filters and references)."""
    return value.rstrip("/").rsplit("/", 1)[-1]


class Pagination(PageNumberPagination):
    """``page`` and ``pageSize`` (default 100, at most 500), as Open Klant pages. A value that
    is not a positive whole number is a 400, not silently the default."""

    page_size = 100
    page_size_query_param = "pageSize"
    max_page_size = 500
    invalid_page_message = "Deze pagina bestaat niet."

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        errors = {}
        for name in ("page", "pageSize"):
            values = request.query_params.getlist(name)
            if len(values) > 1:
                errors[name] = ["Geef deze parameter één keer."]
            elif values and not (values[0].isdigit() and int(values[0]) >= 1):
                errors[name] = ["Geef een geheel getal vanaf 1."]
        if errors:
            raise ValidationError(errors, code="invalid")
        return super().paginate_queryset(queryset, request, view)


# --- references ------------------------------------------------------------------------------


REFERENCE_SCHEMA = {
    "type": "object",
    "properties": {
        "uuid": {"type": "string", "format": "uuid"},
        "url": {"type": "string", "format": "uri", "readOnly": True},
    },
    "required": ["uuid"],
}


@extend_schema_field(REFERENCE_SCHEMA)
class Reference(serializers.Field):
    """A ``{uuid, url}`` reference to another resource of the same organisation.

    On input only ``uuid`` counts; an object of another organisation is reported as not existing,
    the same answer as for a uuid that exists nowhere (STYLE.md: one error for both)."""

    default_error_messages = {
        "invalid": "Geef een object met een geldige 'uuid'.",
        "does_not_exist": "Er bestaat geen {resource} met uuid {uuid}.",
    }

    def __init__(
        self,
        resource: str,
        queryset: Callable[[int], QuerySet[Any]] | None = None,
        also: Callable[[Any], dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.resource = resource
        self.lookup = queryset
        self.also = also
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> dict[str, Any]:
        data = {
            "uuid": str(value.uuid),
            "url": resource_url(self.context.get("request"), self.resource, value.uuid),
        }
        if self.also:
            data.update(self.also(value))
        return data

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict) or "uuid" not in data:
            self.fail("invalid")
        unknown = set(data) - {"uuid", "url"}
        if unknown:
            raise ValidationError(
                dict.fromkeys(sorted(unknown), "Dit veld bestaat niet in een verwijzing.")
            )
        try:
            key = UUID(str(data["uuid"]))
        except (TypeError, ValueError, AttributeError):
            self.fail("invalid")
        if self.lookup is None:
            raise ValidationError("Deze verwijzing kan niet worden gewijzigd.")
        provider_id = accessor_of(self.context["request"]).provider_id
        found = self.lookup(provider_id).filter(uuid=key).first()
        if found is None:
            self.fail("does_not_exist", resource=self.resource, uuid=key)
        return found


def reference_list(resource: str, **kwargs: Any) -> serializers.ListSerializer:
    return serializers.ListSerializer(child=Reference(resource), read_only=True, **kwargs)


# --- strict input ----------------------------------------------------------------------------


class StrictSerializer(serializers.Serializer):
    """Refuses fields the resource does not have (issue 4: unknown fields are a 400), at every
    level of nesting, instead of silently ignoring them."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = set(data) - set(self.fields)
            if unknown:
                raise ValidationError(
                    {name: ["Dit veld bestaat niet."] for name in sorted(unknown)}, code="unknown"
                )
        return super().to_internal_value(data)


class GroupSerializer(StrictSerializer):
    """A nested group of fields (an address, a contact name) that maps onto columns."""


# --- expand ----------------------------------------------------------------------------------


def expand_tree(values: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``["a", "a.b", "c"]`` → ``{"a": {"b": {}}, "c": {}}``."""
    tree: dict[str, dict[str, Any]] = {}
    for value in values:
        node = tree
        for part in value.split("."):
            node = node.setdefault(part, {})
    return tree


def expand_requested(request: Request, allowed: Sequence[str]) -> dict[str, dict[str, Any]]:
    raw = request.query_params.getlist("expand")
    values = [value.strip() for item in raw for value in item.split(",") if value.strip()]
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError(
            {
                "expand": [
                    f"Onbekende waarde {value!r}; kies uit {', '.join(allowed)}."
                    for value in unknown
                ]
            }
        )
    return expand_tree(values)


# --- filters ---------------------------------------------------------------------------------


class FilterSet(filters.FilterSet):
    """Adds the uuid-from-url helpers; the backend below refuses unknown parameters."""


class UuidUrlField(forms.CharField):
    """A resource URL in a query parameter; cleans to the uuid at its end."""

    def clean(self, value: Any) -> UUID | None:
        value = super().clean(value)
        if not value:
            return None
        try:
            return UUID(uuid_from_url(value))
        except ValueError as exc:
            raise forms.ValidationError("Geef de URL van een object.", code="invalid") from exc


class UrlFilter(filters.Filter):
    """``…__url``: filter on the uuid at the end of the given URL."""

    field_class = UuidUrlField

    def filter(self, qs: QuerySet[Any], value: UUID | None) -> QuerySet[Any]:
        if value is None:
            return qs
        return qs.filter(**{self.field_name: value}).distinct()


class StrictBooleanField(forms.Field):
    """``true``/``false`` (or 1/0); anything else is an error, not "no filter" as in
    django-filter's default."""

    def clean(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError("Geef true of false.", code="invalid")


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput)  # the raw text reaches the field
        super().__init__(*args, **kwargs)


class StrictFilterBackend(filters.DjangoFilterBackend):
    """django-filter, but an unknown or malformed query parameter is a 400, never ignored."""

    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> QuerySet[Any]:
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(COMMON_PARAMS)
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError(
                {name: ["Onbekende parameter."] for name in unknown}, code="unknown"
            )
        if filterset_class is not None:
            self._no_empty_typed_values(request, filterset_class)
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.qs

    @staticmethod
    def _no_empty_typed_values(request: Request, filterset_class: Any) -> None:
        """``?wasPartij__uuid=`` is not "no filter": an empty uuid, date, boolean, choice or
        URL is an invalid value. Free-text filters may be empty."""
        errors = {}
        for name, filter_ in filterset_class.base_filters.items():
            values = request.query_params.getlist(name)
            if len(values) > 1:
                errors[name] = ["Geef deze parameter één keer."]
                continue
            free_text = isinstance(filter_, filters.CharFilter)
            if values and values[0] == "" and not free_text:
                errors[name] = ["Geef een waarde."]
        if errors:
            raise ValidationError(errors, code="invalid")


# --- the viewset ---------------------------------------------------------------------------


class ApiVersionHeader:
    """Every response of the API names the version of the standard it speaks."""

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["API-version"] = API_VERSION
        return response


class ResourceViewSet(
    ApiVersionHeader,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
    metaclass=ABCMeta,
):
    """CRUD on one resource, scoped to the token's organisation and purpose-bound."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [TokenScope]
    pagination_class = Pagination
    filter_backends = [StrictFilterBackend]
    lookup_field = "uuid"
    lookup_value_regex = "[^/]+"

    resource: ClassVar[str]
    read_activity: ClassVar[Activity] = Activity.CUSTOMER_VIEW
    list_activity: ClassVar[Activity] = Activity.CUSTOMER_SEARCH
    write_activity: ClassVar[Activity] = Activity.CONTACT_REGISTER
    change_activity: ClassVar[Activity] = Activity.DATA_CORRECTION
    expand_options: ClassVar[Sequence[str]] = ()

    # -- to be provided by each resource
    @abstractmethod
    def base_queryset(self) -> QuerySet[Any]:
        """The resource's rows of the token's organisation, ordered for stable pages."""

    def subjects(self, rows: Sequence[Any]) -> list[UUID | None]:
        """The parties (data subjects) the rows concern; ``[]`` when they concern none."""
        return []

    def write(self, instance: Any, data: dict[str, Any], *, partial: bool) -> Any:
        """Create (``instance`` None) or change a row from validated input; a resource that
        takes no writes of this kind answers 405."""
        raise MethodNotAllowed(self.request.method or "")

    def remove(self, instance: Any) -> None:
        instance.delete()

    def prepare(self, rows: list[Any]) -> list[Any]:
        """Load what the representation needs for these rows (a page, or one row)."""
        return rows

    # -- plumbing
    @property
    def accessor(self) -> Accessor:
        return accessor_of(self.request)

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular generating the schema
            return self.queryset
        return self.base_queryset()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        limit = settings.KLANTBEELD_API_MAX_BODY_BYTES
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > limit:
            raise ValidationError(
                {"nonFieldErrors": [f"Het verzoek is groter dan {limit} bytes."]}, code="too_large"
            )

    def get_object(self) -> Any:
        raw = self.kwargs[self.lookup_field]
        try:
            key = UUID(str(raw))
        except ValueError as exc:
            raise ValidationError({"uuid": ["Dit is geen geldige uuid."]}, code="invalid") from exc
        found = self.get_queryset().filter(uuid=key).first()
        if found is None:
            raise NotFound(f"Er bestaat geen {self.resource} met uuid {key}.")
        return found

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if self.action in ("list", "retrieve") and self.expand_options:
            context["expand"] = expand_requested(self.request, self.expand_options)
        return context

    def gate(self, activity: Activity, operation: Operation, rows: Sequence[Any]) -> None:
        subjects = self.subjects(rows) or [None]
        purpose_bound(
            accessor=self.accessor, activity=activity, operation=operation, subjects=subjects
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = self.prepare(list(page if page is not None else queryset))
        self.gate(self.list_activity, Operation.READ, rows)
        serializer = self.get_serializer(rows, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        [instance] = self.prepare([self.get_object()])
        self.gate(self.read_activity, Operation.READ, [instance])
        return Response(self.get_serializer(instance).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(request.data, instance=None, partial=False)
        with transaction.atomic():
            instance = self.write(None, data, partial=False)
            self.gate(self.write_activity, Operation.CREATE, [instance])
        return Response(self.output(instance), status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.get_object()
            data = self.validated(request.data, instance=instance, partial=partial)
            instance = self.write(instance, data, partial=partial)
            self.gate(self.change_activity, Operation.UPDATE, [instance])
        return Response(self.output(instance))

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            instance = self.get_object()
            self.gate(self.change_activity, Operation.DELETE, [instance])
            self.remove(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def validated(self, data: Any, *, instance: Any, partial: bool) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise ParseError("Stuur een JSON-object.")
        serializer = self.get_serializer(instance, data=data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def output(self, instance: Any) -> Any:
        [fresh] = self.prepare([self.get_queryset().get(pk=instance.pk)])
        return self.get_serializer(fresh).data


def assign(row: models.Model, data: dict[str, Any], columns: dict[str, str]) -> None:
    """Set each column whose API field is in ``data`` (a PATCH leaves the others alone)."""
    for name, column in columns.items():
        if name in data:
            setattr(row, column, data[name])


# --- output ----------------------------------------------------------------------------------

Expander = Callable[[Request | None, Any, dict[str, Any]], Any]


class ResourceSerializer(StrictSerializer):
    """Input is validated by the declared fields; output is the resource's ``shape``
    function (from :mod:`klantbeeld.api.represent`) plus ``_expand`` for the relations the caller asked for."""

    shape: ClassVar[Any]  # a function (request, row) -> dict, as a staticmethod
    expanders: ClassVar[dict[str, Expander]] = {}

    def to_representation(self, instance: Any) -> dict[str, Any]:
        request = self.context.get("request")
        data = type(self).shape(request, instance)
        tree = self.context.get("expand")
        if tree is not None:
            data["_expand"] = {
                name: self.expanders[name](request, instance, subtree)
                for name, subtree in tree.items()
            }
        return data

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict) and "_expand" in data:
            data = {key: value for key, value in data.items() if key != "_expand"}
        return super().to_internal_value(data)


def party_uuids(*parties: Any) -> list[UUID | None]:
    """The data subjects among ``parties`` (a reference may be empty)."""
    return [party.uuid for party in parties if party is not None]


class PartyDataViewSet(ResourceViewSet):
    """Party data comes from source systems: registering it is a data import."""

    write_activity = Activity.DATA_IMPORT
