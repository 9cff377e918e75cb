"""``POST /kanalen/email/<account uuid>/raw``: a mail gateway hands over one raw RFC 5322 mail
(issue 5, items 1 and 2; CH-01, MAIL-01).

The contract, for the system that calls it:

- ``Authorization: Bearer <settings["inbound_token"] of the account>``, compared in constant
  time; anything else is 401 and nothing is stored. An account without a token accepts nothing.
- ``Content-Type: message/rfc822``, the mail as the body.
- 202 ``{"id", "status"}`` when stored; 200 with the same body when the mail (same Message-ID)
  was stored before — so a gateway may retry freely.
- 413 (too large), 415 (not ``message/rfc822``) and 422 (broken MIME): the mail is kept in
  quarantine anyway and the problem body names its ``id`` (and ``messageStatus``
  "quarantaine"); a person looks at it.
- 400 for an empty body, 404 for an unknown account; NL API problem JSON throughout.

The body is read from the stream up to the limit, not through ``request.body`` (whose 2.5 MB
``DATA_UPLOAD_MAX_MEMORY_SIZE`` guard is for forms), so a mail with attachments fits.
"""

from __future__ import annotations

import hmac
import uuid
from typing import Any
from uuid import UUID

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from klantbeeld.channels.constants import QuarantineReason
from klantbeeld.channels.email.receive import (
    HEAD_KEEP_BYTES,
    Received,
    email_oversized,
    email_receive,
    email_unknown_media,
    max_bytes,
)
from klantbeeld.channels.models import ChannelAccount
from klantbeeld.core.constants import Channel

PROBLEM_JSON = "application/problem+json"
ACCEPTED_TYPES = ("message/rfc822",)


def problem(http_status: int, code: str, title: str, detail: str, **extra: Any) -> JsonResponse:
    """An NL API problem body (the house shape of ``klantbeeld.api.errors``)."""
    body = {
        "type": f"urn:klantbeeld:fout:{code}",
        "code": code,
        "title": title,
        "status": http_status,
        "detail": detail,
        "instance": f"urn:uuid:{uuid.uuid4()}",
        **extra,
    }
    return JsonResponse(body, status=http_status, content_type=PROBLEM_JSON)


@csrf_exempt
def raw_receive(request: HttpRequest, account_uuid: UUID) -> JsonResponse:
    if request.method != "POST":
        response = problem(405, "method_not_allowed", "Methode niet toegestaan.", "Gebruik POST.")
        response["Allow"] = "POST"
        return response
    account = (
        ChannelAccount.objects.select_related("provider")
        .filter(uuid=account_uuid, channel=Channel.EMAIL, is_active=True)
        .first()
    )
    if account is None:
        return problem(404, "not_found", "Niet gevonden.", "Dit e-mailaccount bestaat niet.")
    if not _token_valid(request, account):
        return problem(401, "not_authenticated", "Niet geauthenticeerd.", "Ongeldig token.")
    limit = max_bytes()
    raw = request.read(limit + 1)
    if not raw:
        return problem(400, "empty", "Ongeldige invoer.", "Het bericht is leeg.")
    if len(raw) > limit:
        received = email_oversized(
            account=account, head=raw[:HEAD_KEEP_BYTES], size=_size(request, raw)
        )
        return _kept(413, "too_large", "Bericht te groot.", received)
    media_type = request.content_type or ""
    if media_type.lower() not in ACCEPTED_TYPES:
        received = email_unknown_media(account=account, raw=raw, media_type=media_type)
        return _kept(415, "unsupported_media_type", "Niet-ondersteund mediatype.", received)
    received = email_receive(account=account, raw=raw)
    if received.quarantined and received.message.quarantine_reason == QuarantineReason.BROKEN_MIME:
        return _kept(422, "broken_mime", "E-mail niet leesbaar.", received)
    return JsonResponse(_summary(received), status=202 if received.created else 200)


def _token_valid(request: HttpRequest, account: ChannelAccount) -> bool:
    expected = str((account.settings or {}).get("inbound_token") or "")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


def _size(request: HttpRequest, raw: bytes) -> int:
    try:
        return max(int(request.headers.get("Content-Length", "0")), len(raw))
    except ValueError:
        return len(raw)


def _summary(received: Received) -> dict[str, str]:
    return {"id": str(received.message.uuid), "status": received.message.status}


def _kept(status: int, code: str, title: str, received: Received) -> JsonResponse:
    detail = received.message.quarantine_detail or "Het bericht is in quarantaine bewaard."
    return problem(
        status,
        code,
        title,
        detail,
        id=str(received.message.uuid),
        messageStatus=received.message.status,
    )
