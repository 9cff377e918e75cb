"""The CTI webhook's wire format: what the telephone platform tells us about a call (TEL-04).

There is no single CTI standard, so this is a plain JSON format modelled on what CTI platforms
(Teams/Anywhere365, Genesys, Enreach, Zoom Contact Center) send, one POST per event::

    POST /kanalen/telefoon/cti
    Content-Type: application/json
    X-CTI-Account: +31141234567                      (optional; else the "to" number)
    X-CTI-Signature: sha256=<hex HMAC-SHA256 of the body with the account's secret>

    {"event": "call.started", "call_id": "c-8f2a", "from": "+31612345678",
     "to": "+31141234567", "at": "2025-03-04T09:12:03+01:00",
     "ivr": [{"question": "Waarover belt u?", "answer": "Belastingen"}]}
    {"event": "call.answered", "call_id": "c-8f2a", "at": "...", "agent": "mw-0042"}
    {"event": "call.ended", "call_id": "c-8f2a", "at": "..."}
    {"event": "callback.requested", "call_id": "c-8f2a", "at": "...",
     "callback": {"slot_start": "2025-03-04T14:00:00+01:00", "number": "+31612345678",
                  "reason": "Belastingen"}}

``event``, ``call_id`` and ``at`` (ISO 8601 with offset) are required; ``from`` is empty or
``anonymous`` for a withheld number; ``ivr`` may come with any event (answers given so far);
``agent`` is the employee's code (Actor.identifier) on ``call.answered``. The secret is
``ChannelAccount(channel="telefoon").settings["cti_secret"]``. This module only reads and
checks; storing and applying live in ``views.py`` and ``adapter.py``.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from klantbeeld.parties.validation import normalize_phone

SIGNATURE_HEADER = "X-CTI-Signature"
ACCOUNT_HEADER = "X-CTI-Account"
SECRET_SETTING = "cti_secret"  # noqa: S105 (the name of the setting, not a secret)

STARTED = "call.started"
ANSWERED = "call.answered"
ENDED = "call.ended"
CALLBACK_REQUESTED = "callback.requested"
EVENTS = (STARTED, ANSWERED, ENDED, CALLBACK_REQUESTED)

WITHHELD = ("", "anonymous", "anoniem", "private", "unknown")


class CtiFormatError(ValueError):
    """The body does not follow the format above; the detail says where (Dutch)."""


@dataclass(frozen=True)
class IvrAnswer:
    question: str
    answer: str

    def as_json(self) -> dict[str, str]:
        return {"question": self.question, "answer": self.answer}


@dataclass(frozen=True)
class CallbackWish:
    slot_start: datetime
    number: str
    reason: str


@dataclass(frozen=True)
class CtiEvent:
    event: str
    call_id: str
    at: datetime
    caller: str  # E.164 or "" (withheld)
    called: str
    ivr: tuple[IvrAnswer, ...]
    agent: str
    callback: CallbackWish | None

    @property
    def external_id(self) -> str:
        """The stored message's id: one row per event of a call, so redelivery is harmless."""
        return f"{self.call_id}:{self.event}"


def signature_valid(*, body: bytes, header: str, secret: str) -> bool:
    """HMAC-SHA256 of the exact body, hex, optionally prefixed ``sha256=``; constant time."""
    if not secret or not header:
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    given = header.strip().removeprefix("sha256=")
    return hmac.compare_digest(expected, given)


def signature_for(*, body: bytes, secret: str) -> str:
    """The header value a CTI platform sends (for tests, the demo and integrators)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def phone_or_withheld(value: object) -> str:
    """E.164, or "" for a withheld number; anything else is not a phone number."""
    text = str(value or "").strip()
    if text.lower() in WITHHELD:
        return ""
    try:
        return normalize_phone(text)
    except ValidationError as exc:
        raise CtiFormatError(f"'{text[:30]}' is geen telefoonnummer.") from exc


def event_parse(payload: object) -> CtiEvent:
    """The event in ``payload`` (the decoded JSON body); raises :class:`CtiFormatError`."""
    if not isinstance(payload, dict):
        raise CtiFormatError("De body moet een JSON-object zijn.")
    event = payload.get("event")
    if event not in EVENTS:
        raise CtiFormatError(f"Onbekende gebeurtenis; verwacht een van {', '.join(EVENTS)}.")
    call_id = payload.get("call_id")
    if not isinstance(call_id, str) or not call_id.strip() or len(call_id) > 100:
        raise CtiFormatError("call_id ontbreekt of is langer dan 100 tekens.")
    return CtiEvent(
        event=str(event),
        call_id=call_id.strip(),
        at=_moment(payload.get("at"), "at"),
        caller=phone_or_withheld(payload.get("from")),
        called=_dialled(payload.get("to")),
        ivr=_ivr(payload.get("ivr", [])),
        agent=str(payload.get("agent") or "").strip()[:60],
        callback=_callback(payload.get("callback")) if event == CALLBACK_REQUESTED else None,
    )


def _dialled(value: object) -> str:
    """Our own number as dialled; service numbers (14 0xx) need not be valid E.164."""
    try:
        return phone_or_withheld(value)
    except CtiFormatError:
        return str(value or "").strip()[:30]


def _moment(value: object, name: str) -> datetime:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None or parsed.tzinfo is None:
        raise CtiFormatError(f"{name} moet een ISO 8601-tijdstip met tijdzone zijn.")
    return parsed


def _ivr(value: object) -> tuple[IvrAnswer, ...]:
    if not isinstance(value, list):
        raise CtiFormatError("ivr moet een lijst van {question, answer} zijn.")
    answers = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise CtiFormatError("Elk ivr-antwoord heeft een question en een answer.")
        answers.append(IvrAnswer(item["question"][:200], str(item.get("answer", ""))[:200]))
    return tuple(answers)


def _callback(value: object) -> CallbackWish:
    if not isinstance(value, dict):
        raise CtiFormatError("callback.requested heeft een callback-object.")
    number = phone_or_withheld(value.get("number"))
    if not number:
        raise CtiFormatError("Voor terugbellen is een telefoonnummer nodig.")
    return CallbackWish(
        slot_start=_moment(value.get("slot_start"), "callback.slot_start"),
        number=number,
        reason=str(value.get("reason") or "")[:200],
    )
