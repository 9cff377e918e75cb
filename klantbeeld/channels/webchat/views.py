"""HTTP side of the web chat: the widget's files, a demo page, and the transcript by e-mail
(issue 5, "Web chat"; AR-18).

The widget is embedded on an organisation's own site with one script tag (see the docs), so
these views are open to anyone: the widget works without login (CHAT-01). The transcript
endpoint is CSRF-exempt because a third-party page cannot hold our CSRF token; what
authorises it is the signed session key itself, which only the visitor's browser holds.
"""

from __future__ import annotations

import json
import logging
import smtplib
import uuid
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import Context, Template
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from klantbeeld.channels.webchat import conversation, sessions

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "channels"
PROBLEM_JSON = "application/problem+json"
_TITLES = {400: "Ongeldige invoer.", 404: "Niet gevonden.", 405: "Methode niet toegestaan."}

_DEMO = Template(
    """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Webchat – {{ provider.name }}</title>
</head>
<body>
<main>
<h1>Chat met {{ provider.name }}</h1>
<p>Voorbeeldpagina: zo ziet de webchat eruit op de website van {{ provider.name }}.
Typ uw vraag meteen; u hoeft eerst niets in te vullen.</p>
{% if provider.phone_number %}<p>Liever bellen? {{ provider.phone_number }}</p>{% endif %}
</main>
<script src="{{ script_url }}" data-organisation="{{ organisation }}" data-open="true" defer></script>
</body>
</html>
"""
)


def _static(name: str, content_type: str) -> FileResponse:
    response = FileResponse((STATIC_DIR / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=300"
    # Loaded by other organisations' pages (the widget's stylesheet through a link element).
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@require_GET
def widget_script(request: HttpRequest) -> FileResponse:
    return _static("webchat.js", "text/javascript; charset=utf-8")


@require_GET
def widget_style(request: HttpRequest) -> FileResponse:
    return _static("webchat.css", "text/css; charset=utf-8")


@require_GET
def demo(request: HttpRequest, organisation: str) -> HttpResponse:
    """A page that embeds the widget exactly as an organisation's website would."""
    account = sessions.webchat_account(organisation)
    if account is None:
        raise Http404("Deze organisatie heeft geen webchat.")
    html = _DEMO.render(
        Context(
            {
                "provider": account.provider,
                "organisation": organisation,
                "script_url": reverse("webchat:widget-script"),
            }
        )
    )
    return HttpResponse(html)


def problem(request: HttpRequest, status: int, code: str, detail: str) -> HttpResponse:
    """An NL API problem body (the house shape of klantbeeld/api/errors.py)."""
    body = {
        "type": f"urn:klantbeeld:fout:{code}",
        "code": code,
        "title": _TITLES.get(status, "Fout."),
        "status": status,
        "detail": detail,
        "instance": f"urn:uuid:{uuid.uuid4()}",
    }
    return _cors(JsonResponse(body, status=status, content_type=PROBLEM_JSON))


def _cors(response: HttpResponse) -> HttpResponse:
    # The widget posts from the organisation's own site; no cookies are involved.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _fields(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()


@csrf_exempt
def transcript(request: HttpRequest) -> HttpResponse:
    """POST organisation, session, email: mail the conversation to the address given."""
    if request.method != "POST":
        response = problem(request, 405, "methode", "Gebruik POST.")
        response["Allow"] = "POST"
        return response
    fields = _fields(request)
    account = sessions.webchat_account(str(fields.get("organisation", "")))
    if account is None:
        return problem(
            request, 404, "onbekende_organisatie", "Deze organisatie heeft geen webchat."
        )
    session_key = str(fields.get("session", ""))
    if not sessions.session_valid(account.provider, session_key):
        return problem(request, 400, "ongeldige_sessie", "Dit chatgesprek is niet bekend.")
    address = str(fields.get("email", "")).strip()
    try:
        validate_email(address)
    except ValidationError:
        return problem(request, 400, "ongeldig_emailadres", "Vul een geldig e-mailadres in.")
    try:
        count = conversation.transcript_send(
            provider=account.provider, session_key=session_key, to_address=address
        )
    except (smtplib.SMTPException, OSError) as exc:
        # The exception text may name the address: log the kind of failure only.
        logger.warning(
            "web chat transcript not sent",
            extra={"provider_id": account.provider_id, "error": type(exc).__name__},
        )
        return problem(
            request,
            502,
            "verzenden_mislukt",
            "Het versturen lukte nu niet. Probeer het later opnieuw.",
        )
    if count == 0:
        return problem(request, 400, "geen_gesprek", "Er is nog geen gesprek om te versturen.")
    return _cors(JsonResponse({"status": "verzonden", "berichten": count}))
