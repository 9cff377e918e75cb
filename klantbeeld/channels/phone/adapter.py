"""The phone channel on the shared inbound path (issue 5; TEL-02..TEL-04, CH-09).

Every CTI event is stored as an InboundMessage of kind ``gebeurtenis`` with external id
``"<call_id>:<event>"`` (views.py). Processing calls :func:`call_event` here, which keeps the
:class:`~klantbeeld.channels.models.Call` up to date and answers whether the event also becomes
a contact moment on the shared path: only a dropped call does (calls.py explains why). A
``callback.requested`` event from the IVR books the callback here, in the intake's name.

The caller is recognised by phone number (``address_kinds``); the organisation by the phone
account the event was sent for. There is no outbound wire: we call people, not the CTI.
"""

from __future__ import annotations

from klantbeeld.channels.adapters import Adapter, Quarantine, adapter_register
from klantbeeld.channels.constants import QuarantineReason
from klantbeeld.channels.identity import intake_accessor, intake_actor
from klantbeeld.channels.models import Call, InboundMessage
from klantbeeld.channels.phone import cti
from klantbeeld.channels.phone.callbacks import CallbackInput, callback_request_book
from klantbeeld.channels.phone.calls import call_event_apply, dropped_message_fill
from klantbeeld.core.constants import Channel
from klantbeeld.core.errors import ApplicationError
from klantbeeld.parties.constants import PHONE_KINDS


def call_event(message: InboundMessage) -> bool:
    """Apply one stored CTI event; True when the shared path should register it (dropped)."""
    try:
        event = cti.event_parse(message.payload)
    except cti.CtiFormatError as exc:
        raise Quarantine(QuarantineReason.MALFORMED, str(exc)) from exc
    call = call_event_apply(message=message, event=event)
    if event.event == cti.CALLBACK_REQUESTED and event.callback is not None:
        _ivr_callback_book(message, call, event.callback)
        return False
    if event.event == cti.ENDED and call.is_dropped and call.caller_number:
        dropped_message_fill(message, call)
        return True
    return False


def _ivr_callback_book(message: InboundMessage, call: Call, wish: cti.CallbackWish) -> None:
    if message.account is None:
        raise Quarantine(QuarantineReason.UNKNOWN_ACCOUNT, "Geen telefoonaccount bij dit verzoek.")
    try:
        callback_request_book(
            accessor=intake_accessor(message.provider),
            account=message.account,
            request=CallbackInput(
                phone_number=wish.number,
                slot_start=wish.slot_start,
                reason=wish.reason,
                call=call,
                take_next_free=True,
            ),
            actor=intake_actor(message.provider),
        )
    except ApplicationError as exc:
        # No slot left at all: a person must call; the quarantine list shows it with the reason.
        raise Quarantine(QuarantineReason.PROCESSING_FAILED, exc.message) from exc


adapter_register(
    Adapter(channel=Channel.PHONE, address_kinds=tuple(PHONE_KINDS), apply_event=call_event)
)
