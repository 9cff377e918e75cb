"""Who sent this message? Online identity resolution of an inbound message (issue 5, item 3).

Only certainty links a message to a customer by itself: a logged-in session, or a *verified*
digital address that exactly one customer has. Everything else — an address we know but never
verified, a number two members of one household share, a name that resembles a customer's —
yields a ranked list of candidates for an employee to confirm, because answering the wrong
person is worse than asking (PRIV-04, AR-01). Bulk matching of whole source systems is
``linkage.py``; this module answers one message at a time, from indexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from rapidfuzz import fuzz

from klantbeeld.parties import validation
from klantbeeld.parties.constants import DigitalAddressKind
from klantbeeld.parties.models import DigitalAddress, Party, PostalAddress
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound, purpose_check

CANDIDATE_LIMIT = 5
# Below this a resemblance is noise, not a lead worth an employee's attention.
CANDIDATE_FLOOR = 0.55
_NAME_LOOKUP_LIMIT = 200


@dataclass(frozen=True)
class Candidate:
    party_id: int
    party_uuid: str
    name: str
    score: float
    reasons: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "party_id": self.party_id,
            "party_uuid": self.party_uuid,
            "name": self.name,
            "score": round(self.score, 3),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Sender:
    """What the channel tells about the sender."""

    address: str = ""
    address_kinds: tuple[str, ...] = ()
    name: str = ""
    postcode: str = ""
    house_number: int | None = None


@dataclass(frozen=True)
class Resolution:
    party: Party | None
    verified: bool
    candidates: tuple[Candidate, ...] = ()


def normalized_address(kinds: tuple[str, ...], value: str) -> str:
    """The address as it is stored, or the stripped input when it does not validate."""
    kind = kinds[0] if kinds else DigitalAddressKind.OTHER
    try:
        if kind == DigitalAddressKind.EMAIL:
            return validation.normalize_email(value)
        if kind in (DigitalAddressKind.PHONE, DigitalAddressKind.WHATSAPP):
            return validation.normalize_phone(value)
    except ValidationError:
        return value.strip()
    return value.strip()


def sender_resolve(*, accessor: Accessor, sender: Sender) -> Resolution:
    """Resolve a sender to one party (verified) or to ranked candidates.

    Logged as a customer search (CUSTOMER_SEARCH) for every party it names."""
    purpose_check(accessor=accessor, activity=Activity.CUSTOMER_SEARCH)
    scores: dict[int, tuple[float, list[str]]] = {}
    address = normalized_address(sender.address_kinds, sender.address) if sender.address else ""
    if address and sender.address_kinds:
        holders = list(
            DigitalAddress.objects.filter(
                provider_id=accessor.provider_id,
                kind__in=sender.address_kinds,
                value=address,
                party__isnull=False,
                party__is_active=True,
            ).values_list("party_id", "verified_at")
        )
        verified = {party_id for party_id, at in holders if at is not None}
        if len(verified) == 1:
            party = Party.objects.get(pk=verified.pop())
            _log(accessor, [party.uuid])
            return Resolution(party=party, verified=True)
        for party_id, verified_at in holders:
            if verified_at is not None:
                _raise(scores, party_id, 0.8, "geverifieerd adres, gedeeld met anderen")
            else:
                _raise(scores, party_id, 0.75, "adres bekend, niet geverifieerd")
    if sender.postcode and sender.house_number:
        try:
            postcode = validation.normalize_postcode(sender.postcode)
        except ValidationError:
            postcode = ""
        if postcode:
            for party_id in PostalAddress.objects.filter(
                party__provider_id=accessor.provider_id,
                postcode=postcode,
                house_number=sender.house_number,
            ).values_list("party_id", flat=True)[:20]:
                _raise(scores, party_id, 0.5, "zelfde adres")
    _name_scores(accessor, sender.name, scores)
    candidates = _ranked(scores)
    _log(accessor, [UUID(c.party_uuid) for c in candidates])
    return Resolution(party=None, verified=False, candidates=candidates)


def _name_scores(accessor: Accessor, name: str, scores: dict[int, tuple[float, list[str]]]) -> None:
    """Raise each known party's score by how much its name resembles the sender's name."""
    key = validation.name_key(name)
    words = key.split()
    if not words:
        return
    surname = validation.surname_key(words[-1])
    pool = Party.objects.filter(provider_id=accessor.provider_id, is_active=True).filter(
        surname_key__startswith=surname
    )
    known = list(scores)
    rows = list(pool.values_list("pk", "name_key")[:_NAME_LOOKUP_LIMIT])
    rows += list(
        Party.objects.filter(pk__in=known)
        .exclude(pk__in=[r[0] for r in rows])
        .values_list("pk", "name_key")
    )
    for party_id, party_key in rows:
        similarity = fuzz.token_set_ratio(key, party_key) / 100
        if similarity < 0.6:
            continue
        evidence, reasons = scores.get(party_id, (0.0, []))
        # A name alone is weak; with other evidence it confirms it.
        combined = 1 - (1 - evidence) * (1 - 0.6 * similarity)
        scores[party_id] = (combined, [*reasons, f"naam lijkt {round(similarity * 100)}%"])


def _raise(
    scores: dict[int, tuple[float, list[str]]], party_id: int, score: float, reason: str
) -> None:
    current, reasons = scores.get(party_id, (0.0, []))
    scores[party_id] = (max(current, score), [*reasons, reason])


def _ranked(scores: dict[int, tuple[float, list[str]]]) -> tuple[Candidate, ...]:
    best = sorted(
        ((score, party_id, reasons) for party_id, (score, reasons) in scores.items()),
        key=lambda row: (-row[0], row[1]),
    )
    best = [row for row in best if row[0] >= CANDIDATE_FLOOR][:CANDIDATE_LIMIT]
    parties = Party.objects.in_bulk([party_id for _, party_id, _ in best])
    return tuple(
        Candidate(
            party_id=party_id,
            party_uuid=str(parties[party_id].uuid),
            name=parties[party_id].display_name,
            score=score,
            reasons=tuple(reasons),
        )
        for score, party_id, reasons in best
    )


def _log(accessor: Accessor, subjects: list[UUID]) -> None:
    if subjects:
        purpose_bound(
            accessor=accessor,
            activity=Activity.CUSTOMER_SEARCH,
            operation=Operation.READ,
            subjects=subjects,
        )
