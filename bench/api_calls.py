"""The four calls the API benchmark measures (issue 4), as request recipes, and a check of one
answer of each before it is measured.

Every recipe draws a random partij from the generated set, so no call reads one cached row.
Paths and bodies are those of the VNG Klantinteracties standard
(``/work/shared/specs/openklant-klantinteracties-openapi.yaml``).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bench.api_load import Recipe, Request

PREFIX = "/klantinteracties/api/v1"
LIST_PAGE = 50  # "list partijen page 50"; the standard's default pageSize is 100
PAGE_SIZE = 100


@dataclass(frozen=True)
class PartyRef:
    uuid: str
    initials: str
    given_names: str
    surname_prefix: str
    surname: str


@dataclass(frozen=True)
class Call:
    key: str
    title: str
    single_object: bool  # the p95 <= 30 ms target applies
    recipe: Recipe
    check: Callable[[int, dict], str | None]  # status, JSON -> what is wrong, or None
    expected_status: int = 200


def calls_build(parties: list[PartyRef]) -> list[Call]:
    def partij_get(rng: random.Random) -> Request:
        party = rng.choice(parties)
        return "GET", f"{PREFIX}/partijen/{party.uuid}?expand=digitaleAdressen", None

    def klantcontacten_list(rng: random.Random) -> Request:
        party = rng.choice(parties)
        return "GET", f"{PREFIX}/klantcontacten?hadBetrokkene__wasPartij__uuid={party.uuid}", None

    page = list_page(len(parties))

    def partijen_page(rng: random.Random) -> Request:
        return "GET", f"{PREFIX}/partijen?page={page}", None

    def maak_klantcontact(rng: random.Random) -> Request:
        return "POST", f"{PREFIX}/maak-klantcontact", maak_klantcontact_body(rng.choice(parties))

    def floor(rng: random.Random) -> Request:
        return "GET", "/admin/login/", None

    return [
        Call("floor", "GET /admin/login/ (floor, no API)", False, floor, _floor_check),
        Call("partij", "GET partij ?expand=digitaleAdressen", True, partij_get, _partij_check),
        Call(
            "klantcontacten",
            "GET klantcontacten of a partij",
            False,
            klantcontacten_list,
            _list_check,
        ),
        Call("partijen", f"GET partijen ?page={page}", False, partijen_page, _list_check),
        Call(
            "maak",
            "POST maak-klantcontact",
            False,
            maak_klantcontact,
            _maak_check,
            expected_status=201,
        ),
    ]


def list_page(parties: int) -> int:
    """Page 50, or the last page when a scaled-down run has fewer than 50 pages."""
    return max(1, min(LIST_PAGE, -(-parties // PAGE_SIZE)))


def maak_klantcontact_body(party: PartyRef) -> bytes:
    """A phone call from a known customer, with the name the employee noted."""
    body = {
        "klantcontact": {
            "kanaal": "telefoon",
            "onderwerp": "Vraag over de afvalstoffenheffing",
            "inhoud": "Klant belt over de aanslag; uitgelegd hoe kwijtschelding werkt.",
            "indicatieContactGelukt": True,
            "taal": "nld",
            "vertrouwelijk": False,
            "plaatsgevondenOp": datetime.now(UTC).isoformat(timespec="seconds"),
        },
        "betrokkene": {
            "wasPartij": {"uuid": party.uuid},
            "rol": "klant",
            "initiator": True,
            "contactnaam": {
                "voorletters": party.initials,
                "voornaam": party.given_names,
                "voorvoegselAchternaam": party.surname_prefix,
                "achternaam": party.surname,
            },
        },
    }
    return json.dumps(body).encode()


def _floor_check(status: int, answer: dict) -> str | None:
    return None if status == 200 else f"status {status}"


def _partij_check(status: int, answer: dict) -> str | None:
    if status != 200:
        return f"status {status}"
    if "uuid" not in answer or "partijIdentificatie" not in answer:
        return "no uuid or partijIdentificatie in the answer"
    expanded = answer.get("_expand", {})
    if "digitaleAdressen" not in expanded:
        return "no _expand.digitaleAdressen in the answer"
    return None


def _list_check(status: int, answer: dict) -> str | None:
    if status != 200:
        return f"status {status}"
    if not isinstance(answer.get("results"), list) or "count" not in answer:
        return "not a paginated list (count, results)"
    if not answer["results"]:
        return "an empty page"
    return None


def _maak_check(status: int, answer: dict) -> str | None:
    if status != 201:
        return f"status {status}"
    if "uuid" not in answer.get("klantcontact", {}):
        return "no klantcontact.uuid in the answer"
    if "uuid" not in (answer.get("betrokkene") or {}):
        return "no betrokkene.uuid in the answer"
    return None


def answer_summary(call: Call, answer: dict) -> str:
    """What one checked answer held, for the report."""
    if call.key == "partij":
        addresses = answer.get("_expand", {}).get("digitaleAdressen", [])
        return f"{len(addresses)} digitaleAdressen expanded"
    if call.key == "maak":
        return "klantcontact and betrokkene created"
    if call.key == "floor":
        return "the admin's login page (HTML)"
    return f"count {answer.get('count')}, {len(answer.get('results', []))} results on the page"


def parse(body: bytes) -> dict:
    try:
        answer = json.loads(body)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def queries_counted(call: Call, key: str, samples: int = 3) -> list[int]:
    """SQL statements per request, BEGIN and COMMIT included, through Django's test client in
    this process (the same views, middleware and database as the server)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {key}", HTTP_X_FORWARDED_PROTO="https")
    rng, counts = random.Random(f"queries:{call.key}"), []
    for _ in range(samples):
        method, path, body = call.recipe(rng)
        with CaptureQueriesContext(connection) as captured:
            if method == "POST":
                client.post(path, data=body, content_type="application/json")
            else:
                client.get(path)
        counts.append(len(captured.captured_queries))
    return counts
