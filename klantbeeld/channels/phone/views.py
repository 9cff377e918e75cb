"""POST /kanalen/telefoon/cti: store each CTI event, then acknowledge (issue 5, items 1–2).

Answers: 202 once the event is stored (also for a redelivery: nothing new is made); 401 for a
missing or wrong signature (kept in quarantine); 400 for a body that is not the format in
``cti.py`` (kept in quarantine when we know whose it is); 404 for a number that is no phone
account of ours; 415 for another content type. All errors are NL API problem JSON; never 500.
"""

from __future__ import annotations

import json
import logging
import uuid

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from klantbeeld.channels.constants import InboundKind, QuarantineReason
from klantbeeld.channels.intake import Incoming, inbound_quarantine, inbound_receive
from klantbeeld.channels.models import ChannelAccount
from klantbeeld.channels.phone import cti
from klantbeeld.channels.phone.calls import phone_account_for
from klantbeeld.core.constants import Channel

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
MAX_BODY_BYTES = 64 * 1024
_TITLES = {
    400: "Ongeldige invoer.",
    401: "Niet geauthenticeerd.",
    404: "Niet gevonden.",
    413: "Bericht te groot.",
    415: "Niet-ondersteund mediatype.",
}


def problem(status: int, code: str, detail: str) -> JsonResponse:
    """An NL API problem body (the shape of klantbeeld/api/errors.py)."""
    return JsonResponse(
        {
            "type": f"urn:klantbeeld:fout:{code}",
            "code": code,
            "title": _TITLES.get(status, "Fout."),
            "status": status,
            "detail": detail,
            "instance": f"urn:uuid:{uuid.uuid4()}",
        },
        status=status,
        content_type=PROBLEM_JSON,
    )


@csrf_exempt
@require_POST
def cti_webhook(request: HttpRequest) -> JsonResponse:
    if request.content_type != "application/json":
        return problem(415, "unsupported_media_type", "Stuur de gebeurtenis als application/json.")
    body = request.body
    payload, parse_error = _decoded(body)
    account = _account(request, payload)
    if account is None:
        return problem(404, "unknown_account", "Dit nummer is geen telefoonaccount van ons.")
    secret = str((account.settings or {}).get(cti.SECRET_SETTING, ""))
    header = request.headers.get(cti.SIGNATURE_HEADER, "")
    if not cti.signature_valid(body=body, header=header, secret=secret):
        _quarantine(
            account, body, QuarantineReason.BAD_SIGNATURE, "Handtekening ontbreekt of klopt niet."
        )
        return problem(401, "bad_signature", f"De {cti.SIGNATURE_HEADER}-handtekening klopt niet.")
    if len(body) > MAX_BODY_BYTES:
        _quarantine(account, body, QuarantineReason.OVERSIZED, f"{len(body)} bytes.")
        return problem(413, "too_large", "Een gebeurtenis is hooguit 64 kB.")
    try:
        if parse_error:
            raise cti.CtiFormatError(parse_error)
        event = cti.event_parse(payload)
    except cti.CtiFormatError as exc:
        _quarantine(account, body, QuarantineReason.MALFORMED, str(exc))
        return problem(400, "malformed", str(exc))
    receipt = inbound_receive(
        provider=account.provider,
        incoming=Incoming(
            channel=Channel.PHONE,
            kind=InboundKind.EVENT,
            external_id=event.external_id,
            sender_address=event.caller,
            sent_at=event.at,
            payload=payload if isinstance(payload, dict) else {},
            raw=body,
            account=account,
        ),
    )
    return JsonResponse(
        {"ontvangen": True, "nieuw": receipt.created, "id": str(receipt.message.uuid)}, status=202
    )


def _decoded(body: bytes) -> tuple[object, str]:
    try:
        return json.loads(body), ""
    except (ValueError, UnicodeDecodeError):
        return None, "De body is geen geldige JSON."


def _account(request: HttpRequest, payload: object) -> ChannelAccount | None:
    """The account named in the header, else the number the customer dialled ("to")."""
    named = request.headers.get(cti.ACCOUNT_HEADER, "").strip()
    dialled = payload.get("to") if isinstance(payload, dict) else None
    for candidate in (named, dialled):
        if not candidate:
            continue
        for address in _forms(str(candidate)):
            account = phone_account_for(address=address)
            if account is not None:
                return account
        return None
    return None


def _forms(value: str) -> list[str]:
    """The address as given and in E.164, so "0141 234 567" finds "+31141234567"."""
    try:
        return [value, cti.phone_or_withheld(value)]
    except cti.CtiFormatError:
        return [value]


def _quarantine(account: ChannelAccount, body: bytes, reason: str, detail: str) -> None:
    inbound_quarantine(
        provider=account.provider,
        channel=Channel.PHONE,
        reason=reason,
        detail=detail,
        raw=body[: MAX_BODY_BYTES * 4],
        account=account,
    )
    logger.warning("cti event quarantined", extra={"account_id": account.pk, "reason": reason})
