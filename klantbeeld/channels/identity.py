"""Who wrote this message: the channel's part of identity resolution (issue 5, item 3).

Certain, in this order: a logged-in session; a reply in a conversation we know (the reply
headers of an e-mail we sent, the same chat session); a verified address that exactly one
customer has. Otherwise ``parties.resolution`` ranks candidates for an employee to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass

from klantbeeld.channels.constants import IdentityStatus
from klantbeeld.channels.models import InboundMessage
from klantbeeld.contacts.models import Actor, Conversation
from klantbeeld.contacts.services import automated_actor_get
from klantbeeld.core.constants import Channel
from klantbeeld.core.memo import memoized
from klantbeeld.core.models import Provider
from klantbeeld.parties.constants import DigitalAddressKind
from klantbeeld.parties.models import DigitalAddress, Party
from klantbeeld.parties.resolution import Candidate, Sender, normalized_address, sender_resolve
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.selectors import system_accessor

INTAKE_TASK = "kanalen-intake"
# Which kinds of digital address name a sender, per channel, unless the adapter says otherwise.
ADDRESS_KINDS: dict[str, tuple[str, ...]] = {
    Channel.EMAIL: (DigitalAddressKind.EMAIL,),
    Channel.WHATSAPP: (DigitalAddressKind.WHATSAPP, DigitalAddressKind.PHONE),
    Channel.PHONE: (DigitalAddressKind.PHONE, DigitalAddressKind.WHATSAPP),
}
INTAKE_ACTIVITIES = (Activity.CUSTOMER_SEARCH, Activity.CONTACT_REGISTER)


@dataclass(frozen=True)
class MessageIdentity:
    party: Party | None
    status: str
    candidates: tuple[Candidate, ...] = ()


def intake_accessor(provider: Provider) -> Accessor:
    return system_accessor(provider=provider, task=INTAKE_TASK, activities=INTAKE_ACTIVITIES)


def intake_actor(provider: Provider) -> Actor:
    """The automated actor in whose name messages are registered (VNG geautomatiseerde actor)."""
    return memoized(
        ("channels.intake_actor", provider.pk),
        lambda: automated_actor_get(
            provider=provider, name="Berichtenintake", identifier=INTAKE_TASK
        ),
    )


def message_sender_resolve(
    accessor: Accessor,
    message: InboundMessage,
    address_kinds: tuple[str, ...],
    conversation: Conversation | None,
) -> MessageIdentity:
    if message.authenticated_party is not None:
        return MessageIdentity(message.authenticated_party, IdentityStatus.AUTHENTICATED)
    if conversation is not None and conversation.party is not None:
        return MessageIdentity(conversation.party, IdentityStatus.THREAD)
    payload = message.payload if isinstance(message.payload, dict) else {}
    resolution = sender_resolve(
        accessor=accessor,
        sender=Sender(
            address=message.sender_address,
            address_kinds=address_kinds or ADDRESS_KINDS.get(message.channel, ()),
            name=message.sender_name,
            postcode=str(payload.get("postcode", "")),
            house_number=_int_or_none(payload.get("house_number")),
        ),
    )
    if resolution.party is not None:
        return MessageIdentity(resolution.party, IdentityStatus.VERIFIED_ADDRESS)
    status = IdentityStatus.CANDIDATES if resolution.candidates else IdentityStatus.UNKNOWN
    return MessageIdentity(None, status, resolution.candidates)


def _int_or_none(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class AddressHolder:
    party_id: int
    kind: str
    verified: bool


def address_holders(provider_id: int, addresses: set[str]) -> dict[str, list[AddressHolder]]:
    """Who holds each of these (normalised) addresses, for a whole batch in one query: the
    first step of :func:`sender_resolve` for every sender at once."""
    holders: dict[str, list[AddressHolder]] = {}
    if not addresses:
        return holders
    rows = DigitalAddress.objects.filter(
        provider_id=provider_id, value__in=addresses, party__isnull=False, party__is_active=True
    ).values_list("value", "party_id", "kind", "verified_at")
    for value, party_id, kind, verified_at in rows:
        holders.setdefault(value, []).append(AddressHolder(party_id, kind, verified_at is not None))
    return holders


def sender_lookup(
    message: InboundMessage, address_kinds: tuple[str, ...]
) -> tuple[tuple[str, ...], str]:
    """The address kinds that name this message's sender and its address as stored."""
    kinds = address_kinds or ADDRESS_KINDS.get(message.channel, ())
    if not message.sender_address or not kinds:
        return kinds, ""
    return kinds, normalized_address(kinds, message.sender_address)


def verified_holder(holders: list[AddressHolder], kinds: tuple[str, ...]) -> int | None:
    """The one party with this address verified among these kinds, as sender_resolve decides."""
    verified = {holder.party_id for holder in holders if holder.kind in kinds and holder.verified}
    return verified.pop() if len(verified) == 1 else None
