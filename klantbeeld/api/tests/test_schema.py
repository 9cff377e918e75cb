"""The committed OpenAPI document, its drift check, and the deviations from the official spec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

from klantbeeld.api import spec_diff

REGENERATE = (
    ".venv/bin/python manage.py spectacular --file docs/api/openapi.yaml --validate --fail-on-warn"
)


def generated() -> dict[str, Any]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    loaded: dict[str, Any] = yaml.safe_load(OpenApiYamlRenderer().render(schema))
    return loaded


def test_the_committed_openapi_document_is_what_the_code_generates() -> None:
    # given the document in the repository
    committed = spec_diff.load(spec_diff.OURS)
    # when the schema is generated from the code now
    current = generated()
    # then they are the same
    assert committed == current, (
        f"docs/api/openapi.yaml is stale; regenerate it with `{REGENERATE}`, then "
        "`.venv/bin/python -m klantbeeld.api.spec_diff --write` for docs/api/deviations.md."
    )


def test_the_schema_is_generated_without_warnings_and_validates(tmp_path: Path) -> None:
    # when the management command writes the schema, failing on any warning
    target = tmp_path / "openapi.yaml"
    call_command("spectacular", file=str(target), validate=True, fail_on_warn=True)
    # then it wrote a document
    assert yaml.safe_load(target.read_text())["info"]["version"] == "0.9.0"


def test_the_report_in_deviations_md_is_what_spec_diff_prints_now() -> None:
    # given the generated section of deviations.md
    found = spec_diff.embedded(spec_diff.DEVIATIONS.read_text(encoding="utf-8"))
    assert found is not None, "docs/api/deviations.md lacks the spec_diff markers"
    # when the two documents are compared now
    official, ours = spec_diff.load(spec_diff.OFFICIAL), spec_diff.load(spec_diff.OURS)
    now = spec_diff.report(spec_diff.differences(official, ours))
    # then the section says the same
    assert found == now, (
        "docs/api/deviations.md is stale; update it with "
        "`.venv/bin/python -m klantbeeld.api.spec_diff --write`."
    )


def test_every_official_operation_exists_with_its_id_and_query_parameters() -> None:
    official = spec_diff.operations(spec_diff.load(spec_diff.OFFICIAL))
    ours = spec_diff.operations(spec_diff.load(spec_diff.OURS))
    assert len(official) == 85
    for key, operation in official.items():
        assert key in ours, f"{key} is missing"
        assert ours[key]["operationId"] == operation["operationId"], key
        assert query_names(ours[key]) == query_names(operation), key


def query_names(operation: dict[str, Any]) -> set[str]:
    return {item["name"] for item in operation["parameters"] if item["in"] == "query"}


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/partijen", {"betrokkenen", "betrokkenen.hadKlantcontact"}),
        ("/klantcontacten", {"hadBetrokkenen.wasPartij", "omvatteBijlagen"}),
    ],
)
def test_expand_is_a_comma_separated_list_of_known_relations(path: str, names: set[str]) -> None:
    operation = spec_diff.operations(spec_diff.load(spec_diff.OURS))[(path, "get")]
    expand = next(item for item in operation["parameters"] if item["name"] == "expand")
    assert (expand["style"], expand["explode"]) == ("form", False)
    assert names <= set(expand["schema"]["items"]["enum"])


# --- spec_diff itself ----------------------------------------------------------------------


def document(parameters: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "paths": {
            "/dingen": {
                "get": {
                    "operationId": "dingenList",
                    "parameters": [
                        {"in": "query", "name": name, "schema": {"type": "string"}}
                        for name in parameters
                    ],
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/D"}}
                            }
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"D": {"allOf": [{"type": "object", **properties}]}}},
    }


def test_spec_diff_reports_a_missing_parameter_and_property() -> None:
    # given an official document with a filter and a property ours lacks
    official = document(["naam", "soort"], {"properties": {"a": {}, "b": {}}, "required": ["a"]})
    ours = document(["naam"], {"properties": {"a": {}}, "required": ["a"]})
    # when they are compared
    found = spec_diff.differences(official, ours)
    # then both differences are reported, each under its kind
    assert [(item.kind, item.text) for item in found] == [
        ("parameter", "query parameter `soort` missing in ours"),
        ("response body", "200: properties missing in ours: `b`"),
    ]
    assert "| Query and path parameters | 1 |" in spec_diff.report(found)


def test_spec_diff_reads_one_of_as_the_union_of_its_variants() -> None:
    schema = {
        "oneOf": [
            {"properties": {"a": {}, "b": {}}, "required": ["a", "b"]},
            {"properties": {"a": {}, "c": {"readOnly": True}}, "required": ["a"]},
        ]
    }
    request = spec_diff.body(schema, direction="request")
    response = spec_diff.body(schema, direction="response")
    assert request is not None
    assert response is not None
    assert (request.properties, request.required) == ({"a", "b"}, {"a"})
    assert response.properties == {"a", "b", "c"}


# --- the document describes what the API answers ---------------------------------------------


def json_schema(schema: Any) -> Any:
    """An OpenAPI 3.0 schema (refs resolved) as JSON Schema that refuses undeclared keys."""
    if isinstance(schema, list):
        return [json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "allOf" in schema:
        properties, required = spec_diff.flatten(schema)
        rest = {key: value for key, value in schema.items() if key != "allOf"}
        schema = {**rest, "type": "object", "properties": properties, "required": sorted(required)}
    converted = {
        ("anyOf" if key == "oneOf" else key): json_schema(value)
        for key, value in schema.items()
        if key not in ("nullable", "discriminator", "readOnly", "writeOnly", "format")
    }
    if key_names := schema.get("properties"):
        converted["properties"] = {name: json_schema(value) for name, value in key_names.items()}
        converted["additionalProperties"] = False
    if schema.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def answer_is_described(response: Any, path: str, method: str) -> None:
    from jsonschema import validate

    document = spec_diff.load(spec_diff.OURS)
    operation = spec_diff.operations(document)[(path, method)]
    declared = operation["responses"][str(response.status_code)]
    assert response["API-version"] == "0.9.0"
    validate(response.json(), json_schema(declared["content"]["application/json"]["schema"]))


@pytest.mark.django_db
def test_the_answers_have_exactly_the_properties_the_document_declares(api: Any) -> None:
    base = "/klantinteracties/api/v1"
    # given a person with an e-mail address, a contact about them and an actor who handled it
    party = api.post(
        f"{base}/partijen",
        {
            "soortPartij": "persoon",
            "indicatieActief": True,
            "partijIdentificatie": {"contactnaam": {"voornaam": "Jan", "achternaam": "Jansen"}},
        },
        format="json",
    )
    assert party.status_code == 201, party.content
    answer_is_described(party, "/partijen", "post")
    reference = {"uuid": party.json()["uuid"]}
    address = api.post(
        f"{base}/digitaleadressen",
        {
            "verstrektDoorPartij": reference,
            "adres": "jan@example.nl",
            "soortDigitaalAdres": "email",
        },
        format="json",
    )
    answer_is_described(address, "/digitaleadressen", "post")
    made = api.post(
        f"{base}/maak-klantcontact",
        {
            "klantcontact": {
                "kanaal": "e-mail",
                "onderwerp": "Parkeervergunning",
                "taal": "nld",
                "vertrouwelijk": False,
            },
            "betrokkene": {"wasPartij": reference, "rol": "klant", "initiator": True},
            "onderwerpobject": {"onderwerpobjectidentificator": {"objectId": "Z-1"}},
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    answer_is_described(made, "/maak-klantcontact", "post")
    actor = api.post(
        f"{base}/actoren",
        {
            "naam": "Fatima",
            "soortActor": "medewerker",
            "actorIdentificatie": {"functie": "KCC", "telefoonnummer": "0201234567"},
        },
        format="json",
    )
    answer_is_described(actor, "/actoren", "post")
    contact = {"uuid": made.json()["klantcontact"]["uuid"]}
    linked = api.post(
        f"{base}/actorklantcontacten",
        {"actor": {"uuid": actor.json()["uuid"]}, "klantcontact": contact},
        format="json",
    )
    answer_is_described(linked, "/actorklantcontacten", "post")
    task = api.post(
        f"{base}/internetaken",
        {
            "gevraagdeHandeling": "Terugbellen",
            "aanleidinggevendKlantcontact": contact,
            "status": "te_verwerken",
        },
        format="json",
    )
    answer_is_described(task, "/internetaken", "post")
    # when they are read back with every expansion, then each answer is as declared
    for path, expand in (
        ("/partijen", "betrokkenen,betrokkenen.hadKlantcontact,categorieRelaties,digitaleAdressen"),
        (
            "/klantcontacten",
            "gingOverOnderwerpobjecten,hadBetrokkenen,leiddeTotInterneTaken,omvatteBijlagen",
        ),
        ("/digitaleadressen", "verstrektDoorBetrokkene"),
        ("/betrokkenen", "digitaleAdressen"),
    ):
        answer_is_described(api.get(f"{base}{path}", {"expand": expand}), path, "get")
    for path in ("/actoren", "/onderwerpobjecten", "/internetaken", "/actorklantcontacten"):
        answer_is_described(api.get(f"{base}{path}"), path, "get")
