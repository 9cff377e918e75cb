"""Every difference between the official Klantinteracties OpenAPI document and ours, in Markdown.

    python -m klantbeeld.api.spec_diff [--official PATH] [--ours PATH] [--write]

``--write`` puts the report into docs/api/deviations.md, between its markers.

Compared per operation (path + method): presence, ``operationId``, tags, security, the query
and path parameters (name, type, format, enum, style, explode), the request body (media types,
property names, required), the response codes, their headers, and the response body's property
names: at the top level and one level into ``results`` items and ``_expand``.

``$ref`` is resolved, ``allOf`` merged and a ``oneOf`` read as the union of its variants'
properties (required: what every variant requires). The official document uses one component
for request and response, ours splits them (``COMPONENT_SPLIT_REQUEST``); so a request body is
compared without its ``readOnly`` properties and a response body without its ``writeOnly`` ones.
The output is deterministic: ``docs/api/deviations.md`` embeds it and a test compares the two.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL = ROOT / "docs" / "api" / "official" / "openklant-klantinteracties-openapi.yaml"
OURS = ROOT / "docs" / "api" / "openapi.yaml"
DEVIATIONS = ROOT / "docs" / "api" / "deviations.md"
BEGIN, END = "<!-- spec_diff:begin -->\n", "<!-- spec_diff:end -->"
METHODS = ("get", "post", "put", "patch", "delete")
PARAMETER_KEYS = ("type", "format", "items.type", "items.enum", "enum", "style", "explode")

# The kinds of difference, in report order, with their section titles.
KINDS = {
    "operation": "Operations",
    "operationId": "Operation ids",
    "tags": "Tags",
    "security": "Security",
    "parameter": "Query and path parameters",
    "request": "Request bodies",
    "response code": "Response codes",
    "response header": "Response headers",
    "response body": "Response bodies",
}


@dataclass(frozen=True)
class Body:
    """What is compared of a body schema: its property names and the required ones."""

    properties: frozenset[str]
    required: frozenset[str]
    nested: dict[str, Body] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, order=True)
class Difference:
    kind: str
    where: str
    text: str


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document: dict[str, Any] = yaml.safe_load(handle)
    return document


def resolve(document: dict[str, Any], schema: Any, seen: frozenset[str] = frozenset()) -> Any:
    """The schema with ``$ref`` replaced by its target (not recursing into a cycle)."""
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        ref = schema["$ref"]
        if ref in seen:
            return {}
        target: Any = document
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        return resolve(document, target, seen | {ref})
    return {key: _resolve_value(document, value, seen) for key, value in schema.items()}


def _resolve_value(document: dict[str, Any], value: Any, seen: frozenset[str]) -> Any:
    if isinstance(value, list):
        return [resolve(document, item, seen) for item in value]
    return resolve(document, value, seen)


def flatten(schema: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """(properties, required) of an object schema, through ``allOf`` and ``oneOf``."""
    properties: dict[str, Any] = dict(schema.get("properties") or {})
    required: set[str] = set(schema.get("required") or [])
    for part in schema.get("allOf") or []:
        more, needed = flatten(part)
        properties.update(more)
        required |= needed
    variants = [flatten(part) for part in schema.get("oneOf") or []]
    if variants:
        for more, _ in variants:
            properties.update(more)
        required |= set.intersection(*(needed for _, needed in variants))
    return properties, required


def body(schema: dict[str, Any] | None, *, direction: str, depth: int = 1) -> Body | None:
    if not schema:
        return None
    hidden = "readOnly" if direction == "request" else "writeOnly"
    properties, required = flatten(schema)
    properties = {name: value for name, value in properties.items() if not _flag(value, hidden)}
    nested: dict[str, Body] = {}
    if depth > 0:
        for name in ("results", "_expand"):
            inner = properties.get(name)
            if isinstance(inner, dict):
                inner = inner.get("items", inner)
                found = body(inner, direction=direction, depth=1 if name == "results" else 0)
                if found is not None:
                    nested[name] = found
    return Body(frozenset(properties), frozenset(required & set(properties)), nested)


def _flag(schema: Any, name: str) -> bool:
    if not isinstance(schema, dict):
        return False
    return bool(schema.get(name)) or any(_flag(part, name) for part in schema.get("allOf") or [])


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for path, item in (document.get("paths") or {}).items():
        for method in METHODS:
            if method in item:
                operation = resolve(document, item[method])
                shared = resolve(document, item.get("parameters") or [])
                operation["parameters"] = [*shared, *(operation.get("parameters") or [])]
                found[(path, method)] = operation
    return found


def parameter_facts(parameter: dict[str, Any]) -> dict[str, Any]:
    schema = parameter.get("schema") or {}
    facts = {
        "type": schema.get("type"),
        "format": schema.get("format"),
        "enum": sorted(map(str, schema["enum"])) if "enum" in schema else None,
        "items.type": (schema.get("items") or {}).get("type"),
        "items.enum": (
            sorted(map(str, schema["items"]["enum"]))
            if "enum" in (schema.get("items") or {})
            else None
        ),
        "style": parameter.get("style", "form" if parameter.get("in") == "query" else None),
        "explode": parameter.get("explode", parameter.get("in") == "query"),
    }
    return facts


def _names(values: frozenset[str] | set[str]) -> str:
    return ", ".join(f"`{value}`" for value in sorted(values))


def compare_parameters(
    where: str, official: dict[str, Any], ours: dict[str, Any]
) -> Iterator[Difference]:
    theirs = {(p["in"], p["name"]): p for p in official.get("parameters") or []}
    mine = {(p["in"], p["name"]): p for p in ours.get("parameters") or []}
    for location, name in sorted(theirs.keys() - mine.keys()):
        yield Difference("parameter", where, f"{location} parameter `{name}` missing in ours")
    for location, name in sorted(mine.keys() - theirs.keys()):
        yield Difference("parameter", where, f"{location} parameter `{name}` only in ours")
    for key in sorted(theirs.keys() & mine.keys()):
        a, b = parameter_facts(theirs[key]), parameter_facts(mine[key])
        for fact in PARAMETER_KEYS:
            if a[fact] != b[fact]:
                yield Difference(
                    "parameter",
                    where,
                    f"`{key[1]}` {fact}: official {a[fact]!r}, ours {b[fact]!r}",
                )


def compare_bodies(
    kind: str, where: str, official: Body | None, ours: Body | None, label: str = "body"
) -> Iterator[Difference]:
    if official is None and ours is None:
        return
    if official is None or ours is None:
        side = "ours" if official is None else "the official spec"
        yield Difference(kind, where, f"{label} only in {side}")
        return
    if missing := official.properties - ours.properties:
        yield Difference(kind, where, f"{label}: properties missing in ours: {_names(missing)}")
    if extra := ours.properties - official.properties:
        yield Difference(kind, where, f"{label}: properties only in ours: {_names(extra)}")
    common = official.properties & ours.properties
    if (official.required & common) != (ours.required & common):
        only_official = (official.required - ours.required) & common
        only_ours = (ours.required - official.required) & common
        text = f"{label}: required differs"
        if only_official:
            text += f"; required only officially: {_names(only_official)}"
        if only_ours:
            text += f"; required only in ours: {_names(only_ours)}"
        yield Difference(kind, where, text)
    for name in sorted(official.nested.keys() | ours.nested.keys()):
        yield from compare_bodies(
            kind, where, official.nested.get(name), ours.nested.get(name), f"{label} `{name}`"
        )


def json_schema(content: dict[str, Any] | None) -> dict[str, Any] | None:
    if not content:
        return None
    media = content.get("application/json") or next(iter(content.values()))
    schema: dict[str, Any] | None = media.get("schema")
    return schema


def compare_operation(
    where: str, official: dict[str, Any], ours: dict[str, Any]
) -> Iterator[Difference]:
    if official.get("operationId") != ours.get("operationId"):
        yield Difference(
            "operationId",
            where,
            f"official `{official.get('operationId')}`, ours `{ours.get('operationId')}`",
        )
    if official.get("tags") != ours.get("tags"):
        yield Difference("tags", where, f"official {official.get('tags')}, ours {ours.get('tags')}")
    if official.get("security") != ours.get("security"):
        yield Difference(
            "security", where, f"official {official.get('security')}, ours {ours.get('security')}"
        )
    yield from compare_parameters(where, official, ours)
    yield from _compare_request(where, official, ours)
    yield from _compare_responses(where, official, ours)


def _compare_request(
    where: str, official: dict[str, Any], ours: dict[str, Any]
) -> Iterator[Difference]:
    theirs = (official.get("requestBody") or {}).get("content") or {}
    mine = (ours.get("requestBody") or {}).get("content") or {}
    if sorted(theirs) != sorted(mine):
        yield Difference(
            "request", where, f"media types: official {sorted(theirs)}, ours {sorted(mine)}"
        )
    yield from compare_bodies(
        "request",
        where,
        body(json_schema(theirs), direction="request"),
        body(json_schema(mine), direction="request"),
    )


def _compare_responses(
    where: str, official: dict[str, Any], ours: dict[str, Any]
) -> Iterator[Difference]:
    theirs = official.get("responses") or {}
    mine = ours.get("responses") or {}
    if missing := set(theirs) - set(mine):
        yield Difference("response code", where, f"missing in ours: {_names(missing)}")
    if extra := set(mine) - set(theirs):
        yield Difference("response code", where, f"only in ours: {_names(extra)}")
    for code in sorted(set(theirs) & set(mine)):
        headers_a = set(theirs[code].get("headers") or {})
        headers_b = set(mine[code].get("headers") or {})
        if headers_a != headers_b:
            yield Difference(
                "response header",
                where,
                f"{code}: official {_names(headers_a) or 'none'}, ours {_names(headers_b) or 'none'}",
            )
        yield from compare_bodies(
            "response body",
            where,
            body(json_schema(theirs[code].get("content")), direction="response"),
            body(json_schema(mine[code].get("content")), direction="response"),
            f"{code}",
        )


def differences(official: dict[str, Any], ours: dict[str, Any]) -> list[Difference]:
    theirs, mine = operations(official), operations(ours)
    found: list[Difference] = []
    for path, method in sorted(theirs.keys() | mine.keys()):
        where = f"{method.upper()} {path}"
        if (path, method) not in mine:
            found.append(Difference("operation", where, "missing in ours"))
        elif (path, method) not in theirs:
            found.append(Difference("operation", where, "only in ours"))
        else:
            found.extend(compare_operation(where, theirs[(path, method)], mine[(path, method)]))
    return found


def report(found: list[Difference]) -> str:
    grouped: dict[str, list[Difference]] = defaultdict(list)
    for item in found:
        grouped[item.kind].append(item)
    lines = ["| Kind of difference | Count |", "| --- | ---: |"]
    lines += [f"| {title} | {len(grouped.get(kind, []))} |" for kind, title in KINDS.items()]
    for kind, title in KINDS.items():
        if not grouped.get(kind):
            continue
        lines += ["", f"### {title}", ""]
        lines += [f"- {item.where}: {item.text}" for item in grouped[kind]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--official", type=Path, default=OFFICIAL)
    parser.add_argument("--ours", type=Path, default=OURS)
    parser.add_argument("--write", action="store_true", help=f"update {DEVIATIONS.name}")
    arguments = parser.parse_args(argv)
    text = report(differences(load(arguments.official), load(arguments.ours)))
    if arguments.write:
        written_into(DEVIATIONS, text)
    else:
        sys.stdout.write(text)
    return 0


def embedded(document: str) -> str | None:
    """The report between the markers of ``document``, or None without markers."""
    start, end = document.find(BEGIN), document.find(END)
    if start < 0 or end < start:
        return None
    return document[start + len(BEGIN) : end]


def written_into(path: Path, text: str) -> None:
    document = path.read_text(encoding="utf-8")
    old = embedded(document)
    if old is None:
        raise SystemExit(f"{path} lacks the markers {BEGIN.strip()} … {END}")
    path.write_text(document.replace(BEGIN + old + END, BEGIN + text + END), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
