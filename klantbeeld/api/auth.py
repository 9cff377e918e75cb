"""``Authorization: Token <key>``: who is calling, for which organisation, with which scopes.

Every authenticated call becomes an :class:`~klantbeeld.privacy.accessors.Accessor` of kind
*systeem*, whose activities are the API client role's, narrowed to the token's scopes. The
purpose gate and the processing log then work for the API as for the workspace (PRIV-05).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.http import HttpRequest
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from klantbeeld.api.models import Token, token_hash
from klantbeeld.core import clock
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import AccessorKind, Activity
from klantbeeld.privacy.roles import API_CLIENT, ROLE_ACTIVITIES

READ_ACTIVITIES = frozenset({Activity.CUSTOMER_SEARCH.value, Activity.CUSTOMER_VIEW.value})
WRITE_ACTIVITIES = frozenset(
    {
        Activity.CONTACT_REGISTER.value,
        Activity.DATA_IMPORT.value,
        Activity.DATA_CORRECTION.value,
        Activity.CONSENT_RECORD.value,
    }
)
_LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class ApiClient:
    """``request.user`` of an API call: the application behind the token."""

    token: Token
    accessor: Accessor
    is_authenticated: bool = True
    is_active: bool = True

    @property
    def provider_id(self) -> int:
        return self.accessor.provider_id


def accessor_for(token: Token) -> Accessor:
    role = {activity.value for activity in ROLE_ACTIVITIES[API_CLIENT]}
    scoped: set[str] = set()
    if token.may_read:
        scoped |= READ_ACTIVITIES
    if token.may_write:
        scoped |= WRITE_ACTIVITIES
    return Accessor(
        provider_id=token.application.provider_id,
        kind=AccessorKind.SYSTEM,
        identifier=f"api:{token.application.name}",
        granted=frozenset(role & scoped),
        all_customers=True,
    )


class TokenAuthentication(BaseAuthentication):
    keyword = "token"

    def authenticate(self, request: Request) -> tuple[ApiClient, Token] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(
                "Geef precies één token mee: 'Authorization: Token <token>'."
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed("Het token bevat ongeldige tekens.") from exc
        token = (
            Token.objects.select_related("application")
            .filter(key_hash=token_hash(key), revoked_at=None, application__is_active=True)
            .first()
        )
        now = clock.now()
        if token is None or (token.expires_at is not None and token.expires_at <= now):
            raise AuthenticationFailed("Dit token is onbekend, verlopen of ingetrokken.")
        if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
            Token.objects.filter(pk=token.pk).update(last_used_at=now)
        return ApiClient(token=token, accessor=accessor_for(token)), token

    def authenticate_header(self, request: Request) -> str:
        return "Token"


class TokenScope(BasePermission):
    """Reading needs the scope ``lezen``, anything else ``schrijven``."""

    message = "Dit token mag dit niet: lezen vraagt de scope 'lezen', wijzigen 'schrijven'."

    def has_permission(self, request: HttpRequest, view: object) -> bool:
        client = getattr(request, "user", None)
        if not isinstance(client, ApiClient):
            return False
        if request.method in SAFE_METHODS:
            return client.token.may_read
        return client.token.may_write


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """The security scheme as the official spec names it: ``tokenAuth``."""

    target_class = "klantbeeld.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token"',
        }
