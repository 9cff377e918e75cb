"""Purpose-bound reads of customers: search, the profile for the customer view, screen-pop.

Each read checks the accessor's purpose and writes the processing log for every party whose
data it returns (PRIV-05). A party of another organisation and a missing party raise the same
:class:`NotAccessible` (STYLE.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet

from klantbeeld.core.errors import NotAccessible
from klantbeeld.parties import validation
from klantbeeld.parties.constants import PHONE_KINDS, DigitalAddressKind, IdentifierKind
from klantbeeld.parties.models import DigitalAddress, Party, PartyIdentifier
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound, purpose_check, restricted_subjects


class SearchKind:
    BSN = "BSN"
    EMAIL = "e-mailadres"
    PHONE = "telefoonnummer"
    POSTCODE = "postcode en huisnummer"
    NUMBER = "klantnummer"
    NAME = "naam"


@dataclass
class SearchOutcome:
    query: str
    searched_as: str = ""
    parties: list[Party] = field(default_factory=list)
    message: str = ""


def _profile_queryset() -> QuerySet[Party]:
    return Party.objects.select_related("preference", "merged_into").prefetch_related(
        "postal_addresses",
        Prefetch(
            "digital_addresses",
            queryset=DigitalAddress.objects.order_by("kind", "-is_default", "value"),
        ),
        "identifiers",
    )


def _in_scope(accessor: Accessor, scope: Q | None) -> QuerySet[Party]:
    """The organisation's parties, narrowed to ``scope`` (need to know) when one is given.

    The scope is a condition over Party built by the caller (contacts knows the cases behind
    it); applied as a subquery so joins through cases never duplicate a party."""
    parties = Party.objects.filter(provider_id=accessor.provider_id)
    if scope is None:
        return parties
    return parties.filter(pk__in=Party.objects.filter(scope).values("pk"))


def access_party(
    *, accessor: Accessor, party_uuid: UUID | str, activity: Activity, scope: Q | None = None
) -> Party:
    """One party with identifiers, addresses and preference, read for ``activity`` and logged.

    A party merged into another is still returned (an old link or a log line may lead to it):
    ``merged_into`` is set, and the page says where the customer lives on."""
    purpose_check(accessor=accessor, activity=activity)
    try:
        parties = _profile_queryset().filter(provider_id=accessor.provider_id)
        if scope is not None:
            parties = parties.filter(pk__in=Party.objects.filter(scope).values("pk"))
        party = parties.get(uuid=party_uuid)
    except (Party.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotAccessible("Deze klant is niet gevonden.") from exc
    purpose_bound(
        accessor=accessor, activity=activity, operation=Operation.READ, subjects=[party.uuid]
    )
    return party


def party_search(
    *,
    accessor: Accessor,
    query: str,
    limit: int,
    scope: Q | None = None,
    activity: Activity = Activity.CUSTOMER_SEARCH,
) -> SearchOutcome:
    """Find customers by BSN, e-mail, phone, postcode + house number, number, or name.

    A party merged into another is never a result: its survivor is (parties.merging)."""
    purpose_check(accessor=accessor, activity=activity)
    outcome = SearchOutcome(query=query.strip())
    if len(outcome.query) < 2:
        outcome.message = "Typ minstens twee tekens."
        return outcome
    outcome.searched_as, condition = _search_condition(outcome.query, accessor.provider_id)
    parties = (
        _in_scope(accessor, scope)
        .filter(is_active=True, merged_into__isnull=True)
        .filter(condition)
        .distinct()
        .prefetch_related("postal_addresses")
        .order_by("surname_key", "name_key", "number")[:limit]
    )
    found = list(parties)
    restricted = restricted_subjects(accessor.provider_id, [party.uuid for party in found])
    outcome.parties = [party for party in found if party.uuid not in restricted]
    purpose_bound(
        accessor=accessor,
        activity=activity,
        operation=Operation.READ,
        subjects=[party.uuid for party in outcome.parties],
    )
    return outcome


def _search_condition(query: str, provider_id: int) -> tuple[str, Q]:
    compact = query.replace(" ", "")
    if compact.isdigit() and len(compact) == 9 and validation.is_bsn(compact):
        return SearchKind.BSN, Q(
            identifiers__provider_id=provider_id,
            identifiers__kind=IdentifierKind.BSN,
            identifiers__value=compact,
        )
    if "@" in query:
        value = query.strip()
        local, _, domain = value.rpartition("@")
        return SearchKind.EMAIL, Q(
            digital_addresses__provider_id=provider_id,
            digital_addresses__kind=DigitalAddressKind.EMAIL,
            digital_addresses__value=f"{local}@{domain.lower()}",
        )
    postcode = validation.parse_postcode_and_number(query)
    if postcode:
        return SearchKind.POSTCODE, Q(
            postal_addresses__postcode=postcode[0], postal_addresses__house_number=postcode[1]
        )
    if validation.looks_like_phone(query):
        try:
            phone = validation.normalize_phone(query)
        except ValidationError:
            phone = None
        if phone:
            return SearchKind.PHONE, Q(
                digital_addresses__provider_id=provider_id,
                digital_addresses__kind__in=PHONE_KINDS,
                digital_addresses__value=phone,
            )
    if any(character.isdigit() for character in compact):
        # two index lookups instead of one OR across a join, which scans every party
        by_number = Party.objects.filter(provider_id=provider_id, number=compact).values_list(
            "pk", flat=True
        )
        by_identifier = PartyIdentifier.objects.filter(
            provider_id=provider_id, value=compact
        ).values_list("party_id", flat=True)
        return SearchKind.NUMBER, Q(pk__in=[*by_number, *by_identifier])
    return SearchKind.NAME, _name_condition(query)


def _name_condition(query: str) -> Q:
    """Any word may be the start of the surname (index range scan); all words must occur."""
    words = validation.name_key(query).split()
    if not words:
        return Q(pk__in=[])
    surname_start = Q()
    for word in words:
        surname_start |= Q(surname_key__gte=word, surname_key__lt=word + "~")
    every_word = Q()
    for word in words:
        every_word &= Q(name_key__contains=word)
    return surname_start & every_word


@dataclass
class ScreenPop:
    phone: str
    party: Party | None = None
    candidates: list[Party] = field(default_factory=list)


def party_screen_pop(*, accessor: Accessor, phone: str, scope: Q | None = None) -> ScreenPop:
    """The caller's party when exactly one verified number matches; otherwise candidates
    (a household can share one number) for the employee to choose from (CV-03, TEL-04)."""
    purpose_check(accessor=accessor, activity=Activity.SCREEN_POP)
    normalized = validation.normalize_phone(phone)
    rows = DigitalAddress.objects.filter(
        provider_id=accessor.provider_id,
        kind__in=PHONE_KINDS,
        value=normalized,
        party__is_active=True,
        party__merged_into__isnull=True,
        party__in=_in_scope(accessor, scope),
    ).select_related("party")
    # (address, party): the filter on party__in leaves out addresses without a party.
    matches = [(address, address.party) for address in rows if address.party is not None]
    restricted = restricted_subjects(accessor.provider_id, [party.uuid for _, party in matches])
    matches = [(address, party) for address, party in matches if party.uuid not in restricted]
    verified = {party for address, party in matches if address.is_verified}
    outcome = ScreenPop(phone=normalized)
    shown: list[Party]
    if len(verified) == 1:
        outcome.party = verified.pop()
        shown = [outcome.party]
    else:
        outcome.candidates = sorted(
            {party for _, party in matches}, key=lambda party: party.name_key
        )
        shown = outcome.candidates
    purpose_bound(
        accessor=accessor,
        activity=Activity.SCREEN_POP,
        operation=Operation.READ,
        subjects=[party.uuid for party in shown],
    )
    return outcome


def party_uuid_for_identifier(*, accessor: Accessor, value: str, activity: Activity) -> UUID:
    """The public id behind an exact customer number, BSN or source-system number the caller
    typed: for the privacy officer's audit and for emergency access, never for browsing. It
    reveals nothing but the id; the use that follows writes the log record."""
    purpose_check(accessor=accessor, activity=activity)
    compact = value.replace(" ", "").strip()
    found = (
        Party.objects.filter(provider_id=accessor.provider_id)
        .filter(Q(number=compact) | Q(identifiers__value=compact))
        .values_list("uuid", flat=True)
        .first()
    )
    if not compact or found is None:
        raise NotAccessible("Geen klant met dit nummer.")
    return found
