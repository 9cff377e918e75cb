"""The OpenAPI document of the Klantinteracties API, as close to the official one as our
behaviour allows (docs/api/deviations.md lists what remains).

All drf-spectacular annotations live here and are attached to the viewsets when the app loads
(:meth:`klantbeeld.api.apps.ApiConfig.ready`), so the resource modules stay plain:

- operation ids, tags and summaries as the official spec has them (``partijenList`` …);
- the ``API-version`` response header, the ``uuid`` path parameter as a uuid, ``expand``
  (``style: form, explode: false``) and the filter parameters typed by what they accept;
- list and retrieve of resources with ``expand`` answer ``Expand…`` (``allOf`` the resource and
  ``_expand``), ``DELETE /onderwerpobjecten/{uuid}`` has ``cascade`` and its 200 body;
- the read-only lists the serializers declare without an item type, and the identification
  groups that depend on ``soortPartij`` / ``soortActor``, described as ``represent.py`` writes
  them.

Regenerate the committed document with
``python manage.py spectacular --file docs/api/openapi.yaml --validate --fail-on-warn``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django_filters import rest_framework as filters
from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers

from klantbeeld.api.base import REFERENCE_SCHEMA, ResourceViewSet, StrictSerializer, UrlFilter
from klantbeeld.api.resources import (
    actoren,
    common,
    contacts,
    identificatoren,
    onderwerpobjecten,
    parties,
    party_data,
)

API_VERSION_HEADER = OpenApiParameter(
    "API-version",
    str,
    OpenApiParameter.HEADER,
    response=True,
    description="Geeft een specifieke API-versie aan in de context van een specifieke aanroep. "
    "Voorbeeld: 1.2.1.",
)
EXPAND_DESCRIPTION = "Sluit de gespecifieerde gerelateerde resources in in het antwoord."
READ_ONLY_REFERENCE: dict[str, Any] = {
    **REFERENCE_SCHEMA,
    "properties": {
        "uuid": {"type": "string", "format": "uuid", "readOnly": True},
        "url": {"type": "string", "format": "uri", "readOnly": True},
    },
    "required": ["uuid", "url"],
}
CATEGORY_RELATION_REFERENCE = {
    "type": "object",
    "properties": {
        **READ_ONLY_REFERENCE["properties"],
        "categorieNaam": {"type": "string", "nullable": True, "readOnly": True},
        "beginDatum": {"type": "string", "format": "date", "nullable": True, "readOnly": True},
        "eindDatum": {"type": "string", "format": "date", "nullable": True, "readOnly": True},
    },
    "required": ["uuid", "url", "categorieNaam"],
}


@dataclass(frozen=True)
class Expansion:
    """One relation ``expand`` can include: the resource it shows, as a list or one object."""

    serializer: type[serializers.Serializer]
    many: bool = True
    nested: dict[str, Expansion] = field(default_factory=dict)  # ``a.b``: b inside each a


@dataclass(frozen=True)
class Resource:
    viewset: type[ResourceViewSet]
    tag: str
    singular: str  # for the summaries: "een partij"
    expansions: dict[str, Expansion] = field(default_factory=dict)


RESOURCES = [
    Resource(
        parties.PartijViewSet,
        "partijen",
        "een partij",
        {
            "betrokkenen": Expansion(
                contacts.BetrokkeneSerializer,
                nested={"hadKlantcontact": Expansion(contacts.KlantcontactSerializer, many=False)},
            ),
            "categorieRelaties": Expansion(party_data.CategorieRelatieSerializer),
            "digitaleAdressen": Expansion(party_data.DigitaalAdresSerializer),
        },
    ),
    Resource(
        identificatoren.PartijIdentificatorViewSet,
        "partij-identificatoren",
        "een partij-identificator",
    ),
    Resource(
        party_data.DigitaalAdresViewSet,
        "digitale adressen",
        "een digitaal adres",
        {
            "verstrektDoorBetrokkene": Expansion(
                contacts.BetrokkeneSerializer,
                many=False,
                nested={
                    "hadKlantcontact": Expansion(
                        contacts.KlantcontactSerializer,
                        many=False,
                        nested={"leiddeTotInterneTaken": Expansion(actoren.InterneTaakSerializer)},
                    )
                },
            )
        },
    ),
    Resource(party_data.RekeningnummerViewSet, "rekeningnummers", "een rekeningnummer"),
    Resource(
        party_data.VertegenwoordigdenViewSet, "vertegenwoordigingen", "een vertegenwoordiging"
    ),
    Resource(party_data.CategorieViewSet, "categorieën", "een categorie"),
    Resource(party_data.CategorieRelatieViewSet, "categorie relaties", "een categorie-relatie"),
    Resource(
        contacts.KlantcontactViewSet,
        "klanten contacten",
        "een klantcontact",
        {
            "gingOverOnderwerpobjecten": Expansion(onderwerpobjecten.OnderwerpobjectSerializer),
            "hadBetrokkenen": Expansion(
                contacts.BetrokkeneSerializer,
                nested={
                    "digitaleAdressen": Expansion(party_data.DigitaalAdresSerializer),
                    "wasPartij": Expansion(parties.PartijSerializer, many=False),
                },
            ),
            "leiddeTotInterneTaken": Expansion(actoren.InterneTaakSerializer),
            "omvatteBijlagen": Expansion(onderwerpobjecten.BijlageSerializer),
        },
    ),
    Resource(
        contacts.BetrokkeneViewSet,
        "betrokkenen",
        "een betrokkene",
        {"digitaleAdressen": Expansion(party_data.DigitaalAdresSerializer)},
    ),
    Resource(onderwerpobjecten.OnderwerpobjectViewSet, "onderwerpobjecten", "een onderwerpobject"),
    Resource(onderwerpobjecten.BijlageViewSet, "bijlagen", "een bijlage"),
    Resource(actoren.ActorViewSet, "actoren", "een actor"),
    Resource(actoren.ActorKlantcontactViewSet, "actor klantcontacten", "een actor-klantcontact"),
    Resource(actoren.InterneTaakViewSet, "interne taken", "een interne taak"),
]


def operation_prefix(resource: str) -> str:
    """``partij-identificatoren`` → ``partijIdentificatoren``, as the official operation ids."""
    first, *rest = resource.split("-")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


# --- response shapes ---------------------------------------------------------------------------


class ExpandedResponse(serializers.Serializer):
    """Stands for ``Expand<Resource>`` in the document: the resource plus ``_expand``."""

    base: type[serializers.Serializer]
    expansions: dict[str, Expansion]
    name: str


def expanded_response(resource: Resource) -> type[ExpandedResponse]:
    base = resource.viewset.serializer_class
    name = "Expand" + base.__name__.removesuffix("Serializer")
    attributes = {"base": base, "expansions": resource.expansions, "name": name}
    return type(name, (ExpandedResponse,), attributes)


class ExpandedResponseExtension(OpenApiSerializerExtension):
    target_class = ExpandedResponse
    match_subclasses = True

    def get_name(self, auto_schema: Any, direction: Any) -> str:
        return str(self.target.name)

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        base = auto_schema.resolve_serializer(self.target.base, direction)
        return with_expand(auto_schema, direction, base.ref, self.target.expansions)


def with_expand(
    auto_schema: Any, direction: Any, shown: dict[str, Any], expansions: dict[str, Expansion]
) -> dict[str, Any]:
    """``allOf`` the shown resource and ``_expand`` with the relations that may be included."""
    relations = {}
    for relation, expansion in expansions.items():
        item = auto_schema.resolve_serializer(expansion.serializer, direction).ref
        if expansion.nested:
            item = with_expand(auto_schema, direction, item, expansion.nested)
        relations[relation] = (
            {"type": "array", "items": item}
            if expansion.many
            else {"allOf": [item], "nullable": True}
        )
    expand = {
        "type": "object",
        "description": "De gerelateerde resources die met `expand` zijn gevraagd.",
        "properties": relations,
    }
    return {"allOf": [shown, {"type": "object", "properties": {"_expand": expand}}]}


# Component names at the VNG boundary are Dutch, as the standard's (the others already are).
DUTCH_NAMES = {
    common.AddressSerializer: "Adres",
    common.ContactNameSerializer: "Contactnaam",
    common.ObjectIdentifierSerializer: "Objectidentificator",
    contacts.ParticipantNameSerializer: "BetrokkeneContactnaam",
}


class InputSerializerExtension(OpenApiSerializerExtension):
    """Our serializers' docstrings are notes for developers, not for the API's users: the
    components carry no description (drf-spectacular would inherit ``ResourceSerializer``'s)."""

    target_class = StrictSerializer
    match_subclasses = True

    def get_name(self, auto_schema: Any, direction: Any) -> str | None:
        return DUTCH_NAMES.get(type(self.target))

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_serializer(
            self.target, direction, bypass_extensions=True
        )
        schema.pop("description", None)
        return schema


class OnderwerpobjectDeleteResponse(serializers.Serializer):
    behouden = serializers.ListField(
        child=serializers.URLField(help_text="URL van een overgebleven klantcontact."),
        help_text="De klantcontacten die blijven, omdat een ander onderwerpobject ernaar verwijst.",
    )


# --- fields the serializers declare loosely ----------------------------------------------------


def _references(description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": READ_ONLY_REFERENCE,
        "readOnly": True,
        "description": description,
    }


# (serializer class, field) → schema, for the read-only lists (output of ``represent.py``).
READ_ONLY_LISTS: dict[tuple[type[serializers.Serializer], str], Any] = {
    (parties.PartijSerializer, "betrokkenen"): _references(
        "Betrokkenen bij klantcontacten die deze partij waren."
    ),
    (parties.PartijSerializer, "categorieRelaties"): {
        "type": "array",
        "items": CATEGORY_RELATION_REFERENCE,
        "readOnly": True,
        "description": "De categorie-relaties van de partij.",
    },
    (parties.PartijSerializer, "vertegenwoordigden"): _references(
        "Partijen die deze partij vertegenwoordigt."
    ),
    (contacts.KlantcontactSerializer, "gingOverOnderwerpobjecten"): _references(
        "Onderwerpobjecten die tijdens het klantcontact aan de orde waren."
    ),
    (contacts.KlantcontactSerializer, "hadBetrokkenActoren"): actoren.ActorSerializer,
    (contacts.KlantcontactSerializer, "omvatteBijlagen"): _references(
        "Bijlagen die (een deel van) de inhoud van het klantcontact beschrijven."
    ),
    (contacts.KlantcontactSerializer, "hadBetrokkenen"): _references(
        "Personen of organisaties die betrokken waren bij het klantcontact."
    ),
    (contacts.KlantcontactSerializer, "leiddeTotInterneTaken"): _references(
        "Interne taken waartoe het klantcontact leidde."
    ),
    (contacts.BetrokkeneSerializer, "digitaleAdressen"): _references(
        "Digitale adressen die de betrokkene bij het klantcontact verstrekte."
    ),
}
# (serializer class, field) → the group's serializer per kind, for the identification groups.
IDENTIFICATIONS: dict[tuple[type[serializers.Serializer], str], tuple[str, Mapping[Any, Any]]] = {
    (parties.PartijSerializer, "partijIdentificatie"): ("soortPartij", parties.IDENTIFICATION),
    (actoren.ActorSerializer, "actorIdentificatie"): ("soortActor", actoren.ACTOR_IDENTIFICATION),
}


def _declared_on(target: Any, table: dict[tuple[type[serializers.Serializer], str], Any]) -> Any:
    parent = getattr(target, "parent", None)
    name = getattr(target, "field_name", None)
    if parent is None or name is None:
        return None
    for klass in type(parent).__mro__:
        if (klass, name) in table:
            return table[(klass, name)]
    return None


class ReadOnlyListExtension(OpenApiSerializerFieldExtension):
    """``serializers.ListField(read_only=True)``: the items as ``represent.py`` writes them."""

    target_class = serializers.ListField

    @classmethod
    def _matches(cls, target: Any) -> bool:
        return (
            isinstance(target, serializers.ListField)
            and _declared_on(target, READ_ONLY_LISTS) is not None
        )

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        schema = _declared_on(self.target, READ_ONLY_LISTS)
        if isinstance(schema, dict):
            return schema
        shown: ResolvedComponent = auto_schema.resolve_serializer(schema, direction)
        return {"type": "array", "items": shown.ref, "readOnly": True}


class IdentificationExtension(OpenApiSerializerFieldExtension):
    """``partijIdentificatie`` / ``actorIdentificatie``: one of the groups, by the kind."""

    target_class = serializers.JSONField

    @classmethod
    def _matches(cls, target: Any) -> bool:
        return (
            isinstance(target, serializers.JSONField)
            and _declared_on(target, IDENTIFICATIONS) is not None
        )

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        kind_field, groups = _declared_on(self.target, IDENTIFICATIONS)
        variants = [
            auto_schema.resolve_serializer(group, direction).ref for group in groups.values()
        ]
        kinds = ", ".join(
            f"`{kind}`: {group.__name__.removesuffix('Serializer')}"
            for kind, group in groups.items()
        )
        return {
            "oneOf": variants,
            "nullable": True,
            "description": f"De gegevens die horen bij `{kind_field}` ({kinds}).",
        }


# --- parameters --------------------------------------------------------------------------------


def filter_parameters(viewset: type[ResourceViewSet]) -> list[OpenApiParameter]:
    """Types the filters' own introspection misses: URL filters and filters with a method."""
    filterset = getattr(viewset, "filterset_class", None)
    if filterset is None:
        return []
    found = []
    for name, item in sorted(filterset.base_filters.items()):
        kind = _filter_type(item)
        if kind is None:
            continue
        choices = item.extra.get("choices") if isinstance(item, filters.ChoiceFilter) else None
        enum = [value for value, _ in choices] if choices else None
        found.append(OpenApiParameter(name, kind, OpenApiParameter.QUERY, enum=enum))
    return found


def _filter_type(item: filters.Filter) -> OpenApiTypes | None:
    if isinstance(item, UrlFilter):
        return OpenApiTypes.URI
    if item.method is None:
        return None
    if isinstance(item, filters.BooleanFilter):
        return OpenApiTypes.BOOL
    if isinstance(item, filters.UUIDFilter):
        return OpenApiTypes.UUID
    return OpenApiTypes.STR


def expand_parameter(options: tuple[str, ...] | list[str]) -> OpenApiParameter:
    return OpenApiParameter(
        "expand",
        {"type": "array", "items": {"type": "string", "enum": list(options)}},
        OpenApiParameter.QUERY,
        style="form",
        explode=False,
        description=EXPAND_DESCRIPTION,
    )


def uuid_parameter(singular: str) -> OpenApiParameter:
    return OpenApiParameter(
        "uuid",
        OpenApiTypes.UUID,
        OpenApiParameter.PATH,
        description=f"Unieke (technische) identificatiecode van {singular}.",
    )


# --- the operations ----------------------------------------------------------------------------


def operations(resource: Resource) -> dict[str, Any]:
    viewset = resource.viewset
    prefix = operation_prefix(viewset.resource)
    plural = viewset.resource.replace("-", " ")
    tags = [resource.tag]
    path = [uuid_parameter(resource.singular), API_VERSION_HEADER]
    expand = [expand_parameter(list(viewset.expand_options))] if viewset.expand_options else []
    shown = expanded_response(resource) if resource.expansions else None
    return {
        "list": extend_schema(
            operation_id=f"{prefix}List",
            summary=f"Alle {plural} opvragen.",
            parameters=[*expand, *filter_parameters(viewset), API_VERSION_HEADER],
            responses={200: shown or viewset.serializer_class},
            tags=tags,
        ),
        "create": extend_schema(
            operation_id=f"{prefix}Create",
            summary=f"Maak {resource.singular} aan.",
            parameters=[API_VERSION_HEADER],
            tags=tags,
        ),
        "retrieve": extend_schema(
            operation_id=f"{prefix}Retrieve",
            summary=f"Vraag {resource.singular} op.",
            parameters=[*expand, *path],
            responses={200: shown or viewset.serializer_class},
            tags=tags,
        ),
        "update": extend_schema(
            operation_id=f"{prefix}Update",
            summary=f"Werk {resource.singular} in zijn geheel bij.",
            parameters=path,
            tags=tags,
        ),
        "partial_update": extend_schema(
            operation_id=f"{prefix}PartialUpdate",
            summary=f"Werk {resource.singular} deels bij.",
            parameters=path,
            tags=tags,
        ),
        "destroy": extend_schema(
            operation_id=f"{prefix}Destroy",
            summary=f"Verwijder {resource.singular}.",
            parameters=path,
            responses={204: OpenApiResponse(description="Verwijderd.")},
            tags=tags,
        ),
    }


def _subject_object_destroy() -> Any:
    return extend_schema(
        operation_id="onderwerpobjectenDestroy",
        summary="Verwijder een onderwerpobject.",
        description="Met `cascade=true` verdwijnt ook het klantcontact, tenzij een ander "
        "onderwerpobject ernaar verwijst, met de digitale adressen die zijn betrokkenen "
        "verstrekten en die bij geen partij horen.",
        tags=["onderwerpobjecten"],
        parameters=[
            OpenApiParameter(
                "cascade",
                OpenApiTypes.BOOL,
                OpenApiParameter.QUERY,
                default=False,
                description="Verwijder ook het klantcontact als geen ander onderwerpobject "
                "ernaar verwijst.",
            ),
            uuid_parameter("een onderwerpobject"),
            API_VERSION_HEADER,
        ],
        responses={
            204: OpenApiResponse(description="Verwijderd (zonder cascade)."),
            200: OpenApiResponse(
                OnderwerpobjectDeleteResponse,
                description="Verwijderd met cascade=true; `behouden` noemt de klantcontacten "
                "die blijven.",
            ),
        },
    )


def annotate() -> None:
    for resource in RESOURCES:
        actions = operations(resource)
        if resource.viewset is onderwerpobjecten.OnderwerpobjectViewSet:
            actions["destroy"] = _subject_object_destroy()
        extend_schema_view(**actions)(resource.viewset)
    extend_schema_view(
        create=extend_schema(
            operation_id="maakKlantcontactCreate",
            summary="Maak een klantcontact, betrokkene en onderwerpobject aan.",
            tags=["maak-klantcontact"],
            parameters=[API_VERSION_HEADER],
        )
    )(contacts.MaakKlantcontactViewSet)


annotate()
