"""Errors as NL API problem bodies (RFC 7807), in the shape Open Klant returns (vng_api_common):
``Fout`` for every error, ``ValidatieFout`` with ``invalidParams`` for 400 (issue 4, "Bad input").

The official spec declares no error responses at all; clients written for Open Klant expect
these shapes, so they are the contract (docs/api/deviations.md).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from klantbeeld.core.errors import ApplicationError

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

_TITLES = {
    400: "Ongeldige invoer.",
    401: "Niet geauthenticeerd.",
    403: "Geen toegang.",
    404: "Niet gevonden.",
    405: "Methode niet toegestaan.",
    406: "Niet aanvaardbaar.",
    409: "Conflict.",
    415: "Niet-ondersteund mediatype.",
    429: "Te veel verzoeken.",
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def invalid_params(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested error detail to ``[{name, code, reason}]`` with dotted names."""
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "nonFieldErrors" if key in ("non_field_errors", "__all__") else str(key)
            params += invalid_params(value, f"{prefix}.{name}" if prefix else name)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                params += invalid_params(value, f"{prefix}.{index}" if prefix else str(index))
            else:
                params += invalid_params(value, prefix)
    else:
        params.append(
            {
                "name": prefix or "nonFieldErrors",
                "code": str(getattr(detail, "code", "invalid")),
                "reason": str(detail),
            }
        )
    return params


def _as_drf(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(
                {
                    camel(field): [str(message) for message in exc.message_dict[field]]
                    for field in exc.message_dict
                }
            )
        return exceptions.ValidationError({"nonFieldErrors": exc.messages})
    if isinstance(exc, ApplicationError):
        if exc.status == 404:
            return exceptions.NotFound(exc.message)
        if exc.status == 403:
            return exceptions.PermissionDenied(exc.message, code=exc.code)
        if exc.status == 409:
            return Conflict(exc.message, code=exc.code)
        return exceptions.ValidationError({"nonFieldErrors": [exc.message]}, code=exc.code)
    if isinstance(exc, ProtectedError | RestrictedError):
        return Conflict(
            "Dit object wordt nog gebruikt door andere gegevens en kan niet worden verwijderd.",
            code="in_use",
        )
    if isinstance(exc, IntegrityError):
        # Validation checks every rule first; this is two calls racing for the same value.
        logger.warning("integrity conflict: %s", exc)
        return Conflict("Dit botst met gegevens die net zijn vastgelegd. Probeer het opnieuw.")
    if isinstance(exc, Http404):
        return exceptions.NotFound("Niet gevonden.")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def problem_body(status_code: int, code: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": f"urn:klantbeeld:fout:{code}",
        "code": code,
        "title": _TITLES.get(status_code, "Fout."),
        "status": status_code,
        "detail": detail,
        "instance": f"urn:uuid:{uuid.uuid4()}",
        **extra,
    }


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = _as_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: logged by Django and shown as 500
    if isinstance(exc, exceptions.ValidationError):
        params = invalid_params(exc.detail)
        body = problem_body(
            400,
            "invalid",
            "Een of meer velden zijn ongeldig; zie invalidParams.",
            invalidParams=params,
        )
    else:
        detail = getattr(exc, "detail", str(exc))
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body = problem_body(response.status_code, str(code), str(detail))
    response.data = body
    response.content_type = PROBLEM_JSON
    return response
