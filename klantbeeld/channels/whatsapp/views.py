"""The Cloud API webhook endpoint: ``GET``/``POST /kanalen/whatsapp/webhook`` (issue 5, items 1-2).

Meta retries every answer that is not 2xx, so the status code is the contract:

- ``GET`` handshake: ``hub.mode=subscribe`` with a known ``hub.verify_token`` → the
  ``hub.challenge`` echoed as text/plain; an unknown token → 403; a broken request → 400.
- ``POST``: 200 only after every message and status in the body is stored (one transaction);
  a missing signature → 401, a wrong one → 403, a body that is not a Cloud API webhook → 400,
  a body over ``KLANTBEELD_INBOUND_MAX_BYTES`` → 413; each of these is also kept in quarantine
  with the reason, for the organisation whose number it names. A body for no number of ours
  → 404 (there is no organisation to keep it for; Meta retries, so it arrives once the account
  exists). A database failure → 503, so Meta tries again.

The organisation is the one whose WhatsApp ChannelAccount has ``address`` ==
``metadata.phone_number_id``; its ``app_secret`` must have signed the body.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from klantbeeld.channels.constants import QuarantineReason
from klantbeeld.channels.intake import inbound_quarantine, inbound_receive
from klantbeeld.channels.models import ChannelAccount
from klantbeeld.channels.whatsapp import wire
from klantbeeld.channels.whatsapp.accounts import (
    account_for_number,
    account_for_verify_token,
    accounts_signing,
)
from klantbeeld.core.constants import Channel

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
_TITLES = {
    400: "Ongeldige invoer.",
    401: "Niet geauthenticeerd.",
    403: "Geen toegang.",
    404: "Niet gevonden.",
    413: "Bericht te groot.",
    503: "Tijdelijk niet beschikbaar.",
}


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _handshake(request)
    return _notification(request)


def _handshake(request: HttpRequest) -> HttpResponse:
    challenge = request.GET.get("hub.challenge", "")
    if request.GET.get("hub.mode") != "subscribe" or not challenge or len(challenge) > 200:
        return problem(400, "handshake", "Verwacht hub.mode=subscribe en een hub.challenge.")
    if account_for_verify_token(request.GET.get("hub.verify_token", "")) is None:
        logger.warning("whatsapp handshake with an unknown verify token")
        return problem(403, "verify_token", "Dit verificatietoken is niet bekend.")
    return HttpResponse(challenge, content_type="text/plain; charset=utf-8")


def _notification(request: HttpRequest) -> HttpResponse:
    limit = settings.KLANTBEELD_INBOUND_MAX_BYTES
    raw, size = _body_read(request, limit)
    header = request.headers.get(wire.SIGNATURE_HEADER)
    try:
        if size > limit:
            return _oversized(raw, size, limit)
        try:
            changes = wire.changes_read(wire.payload_parse(raw))
        except wire.WireError as exc:
            return _malformed(raw, header, str(exc))
        accounts = {
            change.phone_number_id: account_for_number(change.phone_number_id) for change in changes
        }
        known = list({account.pk: account for account in accounts.values() if account}.values())
        if not known:
            logger.warning(
                "whatsapp webhook for no number of ours", extra={"numbers": list(accounts)[:5]}
            )
            return problem(404, "onbekend_nummer", "Dit WhatsApp-nummer is hier niet bekend.")
        for account in known:
            refused = _signature_refused(account, raw, header)
            if refused is not None:
                return refused
        return _store(changes, accounts, known[0])
    except DatabaseError:
        logger.exception("whatsapp webhook could not be stored")
        return problem(
            503, "opslag", "Het bericht kon nu niet worden opgeslagen; probeer het opnieuw."
        )


def _body_read(request: HttpRequest, limit: int) -> tuple[bytes, int]:
    """At most ``limit`` bytes of the body, and how large it says or turns out to be."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    raw = request.read(limit + 1)
    return raw[:limit], max(declared, len(raw))


def _store(
    changes: list[wire.Change], accounts: dict[str, ChannelAccount | None], primary: ChannelAccount
) -> HttpResponse:
    created = repeated = quarantined = 0
    with transaction.atomic():
        for change in changes:
            account = accounts[change.phone_number_id]
            verdict = _change_verdict(change, account)
            if verdict is not None:
                reason, detail = verdict
                owner = account or primary
                inbound_quarantine(
                    provider=owner.provider,
                    channel=Channel.WHATSAPP,
                    reason=reason,
                    detail=detail,
                    payload={"field": change.subscribed_field, "value": change.value},
                    account=account,
                )
                quarantined += 1
            if account is None:
                continue
            for incoming in change.incoming:
                receipt = inbound_receive(
                    provider=account.provider, incoming=replace(incoming, account=account)
                )
                created, repeated = created + receipt.created, repeated + (not receipt.created)
    return JsonResponse(
        {"opgeslagen": created, "al_ontvangen": repeated, "quarantaine": quarantined}
    )


def _change_verdict(change: wire.Change, account: ChannelAccount | None) -> tuple[str, str] | None:
    """Why a change as a whole is kept aside (not its messages), or None."""
    if account is None:
        return (
            QuarantineReason.UNKNOWN_ACCOUNT,
            f"Onbekend WhatsApp-nummer {change.phone_number_id[:40]!r}.",
        )
    if change.subscribed_field != "messages":
        return (
            QuarantineReason.UNKNOWN_MEDIA,
            f"Melding '{change.subscribed_field[:60]}' wordt niet verwerkt.",
        )
    errors = change.value.get("errors")
    if isinstance(errors, list) and errors:
        first = errors[0] if isinstance(errors[0], dict) else {}
        return (
            QuarantineReason.PROCESSING_FAILED,
            f"WhatsApp meldt: {first.get('code', '')} {first.get('title', '')}",
        )
    return None


def _signature_refused(
    account: ChannelAccount, raw: bytes, header: str | None
) -> HttpResponse | None:
    if wire.signature_valid(raw, header, str((account.settings or {}).get("app_secret", ""))):
        return None
    missing = not header
    inbound_quarantine(
        provider=account.provider,
        channel=Channel.WHATSAPP,
        reason=QuarantineReason.BAD_SIGNATURE,
        detail="Handtekening (X-Hub-Signature-256) ontbreekt."
        if missing
        else "Handtekening klopt niet.",
        raw=raw,
        account=account,
    )
    if missing:
        return problem(401, "handtekening", "De header X-Hub-Signature-256 ontbreekt.")
    return problem(403, "handtekening", "De handtekening van dit bericht klopt niet.")


def _malformed(raw: bytes, header: str | None, detail: str) -> HttpResponse:
    """Keep a body we cannot read for the organisation it names or that signed it."""
    account = account_for_number(wire.phone_number_id_sniff(raw))
    if account is None:
        signers = accounts_signing(raw, header)
        if len({signer.provider_id for signer in signers}) == 1:
            account = signers[0]
    if account is None:
        logger.warning("unreadable whatsapp webhook for no known number", extra={"bytes": len(raw)})
        return problem(400, "onleesbaar", detail)
    refused = _signature_refused(account, raw, header)
    if refused is not None:
        return refused
    inbound_quarantine(
        provider=account.provider,
        channel=Channel.WHATSAPP,
        reason=QuarantineReason.MALFORMED,
        detail=detail,
        raw=raw,
        account=account,
    )
    return problem(400, "onleesbaar", detail)


def _oversized(raw: bytes, size: int, limit: int) -> HttpResponse:
    detail = f"Het bericht is {size} bytes; de grens is {limit} bytes."
    account = account_for_number(wire.phone_number_id_sniff(raw))
    if account is not None:
        inbound_quarantine(
            provider=account.provider,
            channel=Channel.WHATSAPP,
            reason=QuarantineReason.OVERSIZED,
            detail=f"{detail} Alleen het begin is bewaard; de handtekening is niet te controleren.",
            raw=raw,
            account=account,
        )
    else:
        logger.warning("oversized whatsapp webhook for no known number", extra={"bytes": size})
    return problem(413, "te_groot", detail)


def problem(status: int, code: str, detail: str) -> JsonResponse:
    """An NL API problem body (the house shape of klantbeeld/api/errors.py)."""
    body = {
        "type": f"urn:klantbeeld:fout:{code}",
        "code": code,
        "title": _TITLES.get(status, "Fout."),
        "status": status,
        "detail": detail,
        "instance": f"urn:uuid:{uuid.uuid4()}",
    }
    return JsonResponse(body, status=status, content_type=PROBLEM_JSON)
