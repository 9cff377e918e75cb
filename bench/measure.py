"""Timed calls of the real, purpose-bound selectors, for a seeded sample of parties.

The customer view is ``customer_view_get`` followed by reading everything the page shows; the
search is ``party_search`` with what an employee types: a surname, a given name and surname, a
BSN, an e-mail address, a mobile number ("06 12345678") or a postcode and house number. Both
write their processing-log record, as in production.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter_ns
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from klantbeeld.contacts.selectors import CustomerView, TimelineFilter, customer_view_get
from klantbeeld.core.models import User
from klantbeeld.parties.constants import DigitalAddressKind
from klantbeeld.parties.models import Party
from klantbeeld.parties.selectors import party_search
from klantbeeld.privacy.accessors import Accessor

WARM_UP = 20
T = TypeVar("T")
SEARCH_KINDS = ("surname", "given surname", "BSN", "e-mail", "phone", "postcode + number")


@dataclass(frozen=True)
class Probe:
    party_uuid: str
    kind: str
    query: str


@dataclass(frozen=True)
class Summary:
    count: int
    p50: float
    p95: float
    p99: float
    max: float


def summarize(values: list[float]) -> Summary:
    """Nearest-rank percentiles."""
    ordered = sorted(values)

    def rank(percent: float) -> float:
        return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]

    return Summary(len(ordered), rank(50), rank(95), rank(99), ordered[-1])


def probes_pick(seed: int, parties: int, samples: int) -> tuple[list[Probe], list[Probe]]:
    """(warm-up, measured): random parties, each with a search of the next kind in turn."""
    rng = random.Random(f"{seed}:samples")
    ids = rng.sample(range(1, parties + 1), min(parties, samples + WARM_UP))
    found = Party.objects.filter(pk__in=ids).prefetch_related(
        "identifiers", "digital_addresses", "postal_addresses"
    )
    by_id = {party.pk: party for party in found}
    probes = [
        _probe(by_id[party_id], SEARCH_KINDS[number % len(SEARCH_KINDS)])
        for number, party_id in enumerate(ids)
    ]
    warm_up = min(WARM_UP, len(probes) // 2)
    return probes[:warm_up], probes[warm_up:]


def _probe(party: Party, kind: str) -> Probe:
    addresses = {address.kind: address.value for address in party.digital_addresses.all()}
    if kind == "e-mail" and DigitalAddressKind.EMAIL not in addresses:
        kind = "phone"
    if kind == "phone" and DigitalAddressKind.PHONE not in addresses:
        kind = "e-mail"
    surname = " ".join(part for part in (party.surname_prefix, party.surname) if part)
    if kind == "given surname":
        query = f"{party.given_names.split()[0]} {surname}"
    elif kind == "BSN":
        query = party.identifiers.all()[0].value
    elif kind == "e-mail":
        query = addresses[DigitalAddressKind.EMAIL]
    elif kind == "phone":
        phone = addresses[DigitalAddressKind.PHONE]  # +316........ typed as 06 ........
        query = f"0{phone[3]} {phone[4:]}"
    elif kind == "postcode + number":
        postal = party.postal_addresses.all()[0]
        query = f"{postal.postcode} {postal.house_number}"
    else:
        query = surname
    return Probe(party_uuid=str(party.uuid), kind=kind, query=query)


def view_read(accessor: Accessor, probe: Probe) -> CustomerView:
    """The customer view, with everything the page shows read from it."""
    view = customer_view_get(
        accessor=accessor, party_uuid=probe.party_uuid, timeline=TimelineFilter()
    )
    party = view.party
    shown: list[Any] = [party.display_name, getattr(party, "preference", None)]
    for related in (party.identifiers, party.postal_addresses, party.digital_addresses):
        shown.extend(related.all())
    shown.extend((case.topic, case.owner, case.team) for case in view.open_cases)
    shown.extend((task.assigned_to, task.promised_by, task.case) for task in view.open_agreements)
    for moment in view.timeline:
        shown.extend((moment.topic, moment.case, moment.conversation))
        shown.extend(moment.actors.all())
        shown.extend(task.assigned_to for task in moment.internal_tasks.all())
        shown.extend(moment.attachments.all())
    shown.extend((view.timeline.paginator.count, view.timeline.has_next()))
    return view


def search_read(accessor: Accessor, probe: Probe) -> bool:
    """The search, with the name and address of every party found; True if it found the one."""
    outcome = party_search(
        accessor=accessor, query=probe.query, limit=settings.KLANTBEELD_SEARCH_LIMIT
    )
    for party in outcome.parties:
        _ = (party.display_name, list(party.postal_addresses.all()))
    return any(str(party.uuid) == probe.party_uuid for party in outcome.parties)


def timed(probes: list[Probe], call: Callable[[Probe], T]) -> tuple[list[float], list[T]]:
    """Milliseconds per call and what each call returned, in the order of ``probes``."""
    durations, outcomes = [], []
    for probe in probes:
        started = perf_counter_ns()
        outcomes.append(call(probe))
        durations.append((perf_counter_ns() - started) / 1e6)
    return durations, outcomes


def queries_counted(probes: list[Probe], call: Callable[[Probe], object]) -> list[int]:
    counts = []
    for probe in probes:
        with CaptureQueriesContext(connection) as captured:
            call(probe)
        counts.append(len(captured.captured_queries))
    return counts


def customer_page_path(party_uuid: str) -> str | None:
    """The workspace's customer page, if the workspace has one yet."""
    path = f"/workspace/klant/{party_uuid}/"
    try:
        resolve(path)
    except Resolver404:
        return None
    return path


def page_client(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def page_get(client: Client, probe: Probe) -> int:
    return client.get(f"/workspace/klant/{probe.party_uuid}/").status_code
