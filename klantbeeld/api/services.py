"""Issuing and revoking API tokens (issue 4)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from klantbeeld.api.models import Application, Scope, Token, token_hash
from klantbeeld.core import clock
from klantbeeld.core.models import Provider


@dataclass(frozen=True)
class IssuedToken:
    token: Token
    key: str  # shown once; only its hash is stored


def scopes_parse(text: str) -> set[str]:
    """``lezen,schrijven`` (or the English ``read,write``) to a set of scopes."""
    aliases = {"read": Scope.READ, "write": Scope.WRITE}
    scopes = {aliases.get(part.strip(), part.strip()) for part in text.split(",") if part.strip()}
    unknown = scopes - set(Scope.values)
    if unknown or not scopes:
        raise ValidationError(
            {
                "scopes": f"Kies uit {', '.join(Scope.values)}; onbekend: {', '.join(sorted(unknown))}."
            }
        )
    return {str(scope) for scope in scopes}


@transaction.atomic
def token_issue(
    *, provider: Provider, application_name: str, scopes: set[str], key: str | None = None
) -> IssuedToken:
    """A new token for the named application of ``provider`` (created when it is new).

    ``key`` is for the demo only, whose token must be printable on every run; everywhere else
    the key is random and exists only in the answer to this call."""
    application, _ = Application.objects.get_or_create(provider=provider, name=application_name)
    key = key or secrets.token_hex(20)
    token = Token.objects.create(
        application=application,
        key_hash=token_hash(key),
        key_hint=key[:8],
        may_read=Scope.READ in scopes,
        may_write=Scope.WRITE in scopes,
    )
    return IssuedToken(token=token, key=key)


def token_revoke(token: Token) -> None:
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at", "updated_at"])


def token_exists(key: str) -> bool:
    return Token.objects.filter(key_hash=token_hash(key)).exists()
