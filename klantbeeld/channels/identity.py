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
from klantbeeld.parties.models import Party
from klantbeeld.parties.resolution import Candidate, Sender, sender_resolve
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
