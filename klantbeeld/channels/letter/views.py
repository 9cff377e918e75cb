"""The scan station's endpoint: ``POST /kanalen/brief/<account uuid>/scan`` (issue 5 "Letter";
POST-03 confirm receipt, POST-05).

Machine to machine: ``Authorization: Bearer <token>`` with the letter account's
``settings["inbound_token"]``; multipart ``file`` (the scan) and optional ``sender_name`` (what
the post room read on the envelope). The scan is stored before the answer, so a 202 means
"received, will be read": the receipt the customer can be given (POST-03). Errors are NL API
problem bodies; a scan that is too large is answered 413 and kept in quarantine as a record.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from klantbeeld.channels.letter.upload import (
    letter_account_get,
    letter_oversized_quarantine,
    letter_receive,
    max_scan_bytes,
    stream_digest,
    token_matches,
)

PROBLEM_JSON = "application/problem+json"
_TITLES = {
    400: "Ongeldige invoer.",
    401: "Niet geauthenticeerd.",
    404: "Niet gevonden.",
    413: "Bestand te groot.",
}


def problem(status: int, code: str, detail: str, **headers: str) -> JsonResponse:
    """An NL API problem body (the house shape of ``api/errors.py``)."""
    body: dict[str, Any] = {
        "type": f"urn:klantbeeld:fout:{code}",
        "code": code,
        "title": _TITLES.get(status, "Fout."),
        "status": status,
        "detail": detail,
        "instance": f"urn:uuid:{uuid.uuid4()}",
    }
    response = JsonResponse(body, status=status, content_type=PROBLEM_JSON)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@csrf_exempt  # a machine with a bearer token, not a browser with a session
@require_POST
def scan_upload(request: HttpRequest, account_uuid: uuid.UUID) -> JsonResponse:
    account = letter_account_get(str(account_uuid))
    if account is None:
        return problem(404, "not_found", "Dit kanaalaccount voor brieven bestaat niet.")
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token_matches(account, token.strip()):
        return problem(
            401,
            "not_authenticated",
            "Het token ontbreekt of klopt niet.",
            WWW_Authenticate="Bearer",
        )
    upload = request.FILES.get("file")
    if upload is None or not upload.size:
        return problem(400, "invalid", "Stuur de scan mee als bestand in het veld 'file'.")
    name = upload.name or "scan"
    if upload.size > max_scan_bytes():
        letter_oversized_quarantine(
            provider=account.provider,
            account=account,
            name=name,
            size_bytes=upload.size,
            digest=stream_digest(upload.chunks()),
        )
        return problem(
            413,
            "too_large",
            f"De scan is groter dan {max_scan_bytes() // 1_000_000} MB. "
            "Scan opnieuw in lagere resolutie of in delen.",
        )
    receipt = letter_receive(
        account.provider,
        upload.read(),
        name,
        str(request.POST.get("sender_name", ""))[:200],
        account=account,
    )
    receipt.message.refresh_from_db(fields=["status", "quarantine_reason"])
    return JsonResponse(
        {
            "id": str(receipt.message.uuid),
            "status": receipt.message.status,
            "quarantineReason": receipt.message.quarantine_reason,
            "duplicate": not receipt.created,
        },
        status=202,
    )
