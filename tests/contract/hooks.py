"""What the contract test adds to schemathesis: references to rows that exist, and the check
that every undocumented response is an error the API rules allow.

The official spec declares only success responses (200/201/204) and no error schema, so
"no undocumented status code" is read as: every response is either

(a) a documented status whose body validates against the official response schema (the
    built-in checks), or
(b) an error the API rules define (issue 4, "Bad input"; ``klantbeeld/api/errors.py``):
    400 with a ``ValidatieFout`` body whose ``invalidParams`` is non-empty (or a ``Fout`` body
    with code ``parse_error`` for a body that is not a JSON object), 401, 403, 404 or 409 with a
    ``Fout`` body, as ``application/problem+json`` (:func:`error_follows_api_rules`).

Anything else fails: a 5xx, any other status, a problem body of the wrong shape.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
import yaml
from hypothesis import strategies as st
from schemathesis import Case, CheckContext, HookContext, Response
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import REQUEST_SHAPE_PROBES, CoveragePhaseData

ROOT = Path(__file__).resolve().parents[2]
SPEC_NAME = "openklant-klantinteracties-openapi.yaml"
# The official document as committed beside our docs; CI's ../shared copy is the same file.
SPEC = next(
    (
        path
        for path in (
            ROOT / "docs" / "api" / "official" / SPEC_NAME,
            ROOT.parent / "shared" / "specs" / SPEC_NAME,
        )
        if path.exists()
    ),
    ROOT / "docs" / "api" / "official" / SPEC_NAME,
)

# The resource each reference schema of the spec points at.
REFERENCE_RESOURCES = {
    "ActorForeignKey": "actoren",
    "BetrokkeneForeignKey": "betrokkenen",
    "BijlageForeignKey": "bijlagen",
    "CategorieForeignKey": "categorieen",
    "CategorieRelatieForeignKey": "categorie-relaties",
    "DigitaalAdresForeignKey": "digitaleadressen",
    "InterneTaakForeignKey": "internetaken",
    "KlantcontactForeignKey": "klantcontacten",
    "OnderwerpobjectForeignKey": "onderwerpobjecten",
    "PartijForeignKey": "partijen",
    "PartijForeignkeyBase": "partijen",
    "PartijIdentificatorForeignkey": "partij-identificatoren",
    "PartijPolymorphic": "partijen",
    "RekeningnummerForeignKey": "rekeningnummers",
}

# --- the problem bodies (vng_api_common's Fout / ValidatieFout, as Open Klant answers) -------

PROBLEM_JSON = "application/problem+json"
ERROR_STATUSES = frozenset({400, 401, 403, 404, 409})
# Requests malformed on purpose by schemathesis' coverage phase (an undeclared method, a content
# type the operation does not take): the HTTP answers for those are the right ones here.
REQUEST_SHAPE_STATUSES = frozenset({405, 406, 415})
_FOUT_FIELDS = {
    "type": str,
    "code": str,
    "title": str,
    "status": int,
    "detail": str,
    "instance": str,
}


def _problem_shape_errors(status: int, body: Any) -> list[str]:
    if not isinstance(body, dict):
        return ["the body is not a JSON object"]
    errors = [
        f"`{name}` is missing or not a {kind.__name__}"
        for name, kind in _FOUT_FIELDS.items()
        if not isinstance(body.get(name), kind) or isinstance(body.get(name), bool)
    ]
    if body.get("status") != status:
        errors.append(f"`status` is {body.get('status')!r}, the response status is {status}")
    if status == 400 and body.get("code") != "parse_error":
        params = body.get("invalidParams")
        if not isinstance(params, list) or not params:
            errors.append("a 400 needs a non-empty `invalidParams` (ValidatieFout)")
        else:
            for param in params:
                if not (
                    isinstance(param, dict)
                    and all(isinstance(param.get(key), str) for key in ("name", "code", "reason"))
                ):
                    errors.append(f"invalid param {param!r} is not {{name, code, reason}}")
    return errors


def _is_request_shape_probe(case: Case) -> bool:
    data = case.meta.phase.data if case.meta is not None else None
    return isinstance(data, CoveragePhaseData) and data.scenario in REQUEST_SHAPE_PROBES


def error_follows_api_rules(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """(b) above: an undocumented status must be an error of the API rules, with its body."""
    status = response.status_code
    if case.operation.responses.find_by_status_code(status) is not None:
        return None  # documented: the built-in checks validate it against the official schema
    allowed = ERROR_STATUSES | (REQUEST_SHAPE_STATUSES if _is_request_shape_probe(case) else set())
    if status not in allowed:
        raise AssertionError(
            f"Status {status} is neither documented in the official spec nor an error the API "
            f"rules define ({', '.join(map(str, sorted(allowed)))})."
        )
    content_type = (response.headers.get("content-type") or [""])[0].split(";")[0].strip()
    if content_type != PROBLEM_JSON:
        raise AssertionError(f"Error {status} is {content_type!r}, not {PROBLEM_JSON}.")
    try:
        body = json.loads(response.content or b"")
    except ValueError as exc:
        raise AssertionError(f"Error {status} has no JSON body: {exc}") from None
    errors = _problem_shape_errors(status, body)
    if errors:
        raise AssertionError(f"Error {status} is not an NL API problem body: " + "; ".join(errors))
    return None


# --- references to rows that exist ---------------------------------------------------------


def _references(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        if "$ref" in schema:
            yield schema["$ref"].rsplit("/", 1)[-1]
        for key in ("allOf", "oneOf", "anyOf"):
            for item in schema.get(key, []):
                yield from _references(item)
        if "items" in schema:
            yield from _references(schema["items"])


def reference_fields(spec: dict[str, Any]) -> dict[str, str]:
    """Every property of the spec that holds a ``{uuid}`` reference → the resource it names."""
    found: dict[str, str] = {}
    for schema in spec["components"]["schemas"].values():
        for name, prop in (schema.get("properties") or {}).items():
            for target in _references(prop):
                if target in REFERENCE_RESOURCES and (
                    found.setdefault(name, REFERENCE_RESOURCES[target])
                    != (REFERENCE_RESOURCES[target])
                ):
                    raise ValueError(f"{name} refers to two resources in the spec")
    return found


def load_spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def discriminators_pinned(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with each ``oneOf`` + ``discriminator`` made exclusive the OpenAPI way.

    JSON Schema ignores ``discriminator``; the official variants (``persoon``/``organisatie``/
    ``contactpersoon`` of Partij, the three of Actor) do not pin the discriminator property and
    allow extra properties, so a correct contactpersoon also matches the persoon variant and
    ``oneOf`` fails with "valid under more than one". OpenAPI picks the variant by the
    discriminator value; pinning that value in each variant (``allOf`` with an ``enum`` of its
    mapping key) is exactly that rule, for validation and for generation alike."""
    pinned = copy.deepcopy(spec)
    for schema in pinned["components"]["schemas"].values():
        discriminator = schema.get("discriminator")
        if not discriminator or "oneOf" not in schema:
            continue
        value_of = {ref: value for value, ref in discriminator["mapping"].items()}
        schema["oneOf"] = [
            {
                "allOf": [
                    variant,
                    {
                        "properties": {
                            discriminator["propertyName"]: {"enum": [value_of[variant["$ref"]]]}
                        }
                    },
                ]
            }
            for variant in schema["oneOf"]
        ]
    return pinned


KEEP = -1  # keep the generated (random, non-existing) uuid


class ExistingRows:
    """Uuids of rows that exist, per resource, read through the API's lists.

    Refreshed once per operation, so rows removed by a DELETE drop out and rows created by a
    POST come in; within an operation a stale uuid simply exercises the 404/400 answer."""

    def __init__(self, session: requests.Session, base_url: str, fields: dict[str, str]) -> None:
        self.session = session
        self.base_url = base_url
        self.fields = fields
        self.pools: dict[str, list[str]] = {}
        self._operation: str | None = None

    def for_operation(self, label: str) -> None:
        if label != self._operation:
            self._operation = label
            self.pools.clear()

    def pool(self, resource: str) -> list[str]:
        if resource not in self.pools:
            response = self.session.get(f"{self.base_url}/{resource}", params={"pageSize": 20})
            response.raise_for_status()
            self.pools[resource] = [row["uuid"] for row in response.json()["results"]]
        return self.pools[resource]

    def slots(
        self, value: Any, path: tuple[Any, ...] = ()
    ) -> Iterator[tuple[tuple[Any, ...], str]]:
        """(path to a reference object in ``value``, resource) for every reference in a body."""
        if isinstance(value, dict):
            for key, item in value.items():
                resource = self.fields.get(key) if isinstance(key, str) else None
                targets = item if isinstance(item, list) else [item]
                for index, target in enumerate(targets):
                    where = (*path, key, index) if isinstance(item, list) else (*path, key)
                    if resource and isinstance(target, dict) and "uuid" in target:
                        yield where, resource
                    else:
                        yield from self.slots(target, where)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from self.slots(item, (*path, index))


def _choice(pool: list[str]) -> st.SearchStrategy[int]:
    """An index into ``pool`` about three times in four, else KEEP.

    KEEP sits in the middle of the range: Hypothesis favours the ends and shrinks towards 0."""
    if not pool:
        return st.just(KEEP)
    return st.tuples(st.integers(0, 3), st.integers(0, len(pool) - 1)).map(
        lambda drawn: KEEP if drawn[0] == 2 else drawn[1]
    )


def _set(document: Any, where: tuple[Any, ...], uuid: str) -> None:
    for step in where:
        document = document[step]
    document["uuid"] = uuid


class CurrentRows:
    """The rows of the live server of the running test (set by the ``contract_api`` fixture)."""

    rows: ExistingRows | None = None


CURRENT = CurrentRows()


def flatmap_case_with(current: CurrentRows):
    """The schema hook: a positive path uuid or body reference becomes an existing row's uuid,
    most of the time. Negative components stay as generated, so their mutation is what the
    server sees."""

    def flatmap_case(context: HookContext, case: Case) -> st.SearchStrategy[Case]:
        rows = current.rows
        if rows is None or case.meta is None or case.operation is None:
            return st.just(case)
        rows.for_operation(case.operation.label)
        plan: list[tuple[str, Any, str]] = []  # (location, where, resource)
        segments = case.operation.path.strip("/").split("/")
        if (
            len(segments) == 2
            and isinstance(case.path_parameters, dict)
            and "uuid" in case.path_parameters
            and not case.meta.is_negative_at(ParameterLocation.PATH)
        ):
            plan.append(("path", None, segments[0]))
        if isinstance(case.body, dict | list) and not case.meta.is_negative_at(
            ParameterLocation.BODY
        ):
            plan += [("body", where, resource) for where, resource in rows.slots(case.body)]
        if not plan:
            return st.just(case)
        choices = st.tuples(*(_choice(rows.pool(resource)) for _, _, resource in plan))

        def apply(picked: tuple[int, ...]) -> Case:
            # Only what is replaced is assigned: schemathesis marks an assigned part as changed
            # and re-derives from it whether the case is still negative.
            body = copy.deepcopy(case.body)
            path_parameters = dict(case.path_parameters or {})
            replaced = set()
            for (location, where, resource), index in zip(plan, picked, strict=True):
                if index == KEEP:
                    continue
                uuid = rows.pool(resource)[index]
                if location == "path":
                    path_parameters["uuid"] = uuid
                else:
                    _set(body, where, uuid)
                replaced.add(location)
            if "body" in replaced:
                case.body = body
            if "path" in replaced:
                case.path_parameters = path_parameters
            return case

        return choices.map(apply)

    return flatmap_case
