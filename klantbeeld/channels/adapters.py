"""The registry of channel adapters: what each channel does on the shared path (issue 5).

Every channel package (``email``, ``whatsapp``, ``webchat``, ``phone``, ``letter``,
``counter``) registers one :class:`Adapter` from its ``adapter`` module. The pipeline and the
outbound dispatcher ask the registry, so they never import an adapter themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from klantbeeld.channels.models import InboundMessage, OutboundMessage

ADAPTER_PACKAGES = ("email", "whatsapp", "webchat", "phone", "letter", "counter")


class Quarantine(Exception):  # a verdict on a message, not a program error
    """A message that must be kept aside with a reason instead of processed."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class SendFailed(Exception):
    """The channel refused or could not be reached; ``permanent`` stops the retries."""

    def __init__(self, detail: str, *, permanent: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.permanent = permanent


@dataclass(frozen=True)
class SendResult:
    external_id: str
    details: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Adapter:
    channel: str
    # Kinds of digital address (parties.constants.DigitalAddressKind) that name the sender here.
    address_kinds: tuple[str, ...] = ()
    # Channel work before identity and threading, inside the processing transaction (OCR).
    prepare: Callable[[InboundMessage], None] | None = None
    # Apply a status report (kind "status") to the outbound message it is about.
    apply_status: Callable[[InboundMessage], None] | None = None
    # Apply an event (kind "gebeurtenis"), e.g. a phone call's end; returns True when the
    # event should also become a contact moment on the shared path.
    apply_event: Callable[[InboundMessage], bool] | None = None
    # Send one outbound message; raises SendFailed.
    send: Callable[[OutboundMessage], SendResult] | None = None


_ADAPTERS: dict[str, Adapter] = {}


def adapter_register(adapter: Adapter) -> Adapter:
    _ADAPTERS[adapter.channel] = adapter
    return adapter


def adapter_for(channel: str) -> Adapter:
    """The adapter of ``channel``; one without behaviour when the channel has none."""
    return _ADAPTERS.get(channel) or Adapter(channel=channel)


def adapters_load() -> None:
    """Import each channel package's ``adapter`` module so that it registers itself."""
    for package in ADAPTER_PACKAGES:
        name = f"klantbeeld.channels.{package}.adapter"
        if find_spec(f"klantbeeld.channels.{package}") and find_spec(name):
            import_module(name)
