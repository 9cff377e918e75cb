"""The web chat session: which organisation, which conversation, which logged-in customer
(issue 5, "Web chat"; CHAT-01, CHAT-03).

A visitor gets a *session key* on the first connection: a random token signed with
``django.core.signing`` under a salt that names the organisation. The widget keeps it in
``localStorage``; a reconnect (a dropped network, a closed laptop, a new tab) presents it again
and continues the same conversation, because every stored message carries it
(``InboundMessage.session_key``) and the pipeline threads on it. A key signed for one
organisation is worthless at another. Whoever holds the key can read the conversation, so it
never travels in a URL (where proxies log it): the widget sends it in its first frame.

Portal login: there is no citizen login yet (the portal issue builds it). Until then, and
afterwards as the way the portal hands its login to the widget, the portal page calls
:func:`portal_chat_token` for the logged-in party and puts the result in the widget's
``data-portal-token``. The token is signed, names the party and the organisation, and is
valid for :data:`PORTAL_TOKEN_MAX_AGE` seconds; a message sent with it is registered as
"ingelogd" (IdentityStatus.AUTHENTICATED) without any form first (CHAT-01, AR-05).
"""

from __future__ import annotations

import secrets

from django.core import signing

from klantbeeld.channels.models import ChannelAccount
from klantbeeld.core.constants import Channel
from klantbeeld.core.models import Provider
from klantbeeld.parties.models import Party

SESSION_SALT = "klantbeeld.webchat.session"
PORTAL_SALT = "klantbeeld.webchat.portal"
# Long enough for a portal page left open over lunch; the widget asks the page for a new one
# by reloading. A stale token only means the chat continues as not logged in.
PORTAL_TOKEN_MAX_AGE = 8 * 60 * 60
# '.' is outside the URL-safe base64 alphabet, and Channels group names allow it (':' not).
_SEPARATOR = "."


def _session_signer(provider: Provider) -> signing.Signer:
    return signing.Signer(salt=f"{SESSION_SALT}:{provider.pk}", sep=_SEPARATOR)


def webchat_account(organisation: str) -> ChannelAccount | None:
    """The active web chat account of an organisation (``data-organisation`` = Provider.code).

    The organisation offers web chat only when an administrator made this account; a widget
    for any other code is refused."""
    return (
        ChannelAccount.objects.filter(
            channel=Channel.WEB_CHAT, address=organisation, is_active=True
        )
        .select_related("provider")
        .first()
    )


def session_new(provider: Provider) -> str:
    """A new session key: ~66 characters, ASCII letters, digits, '-', '_' and '.'."""
    return _session_signer(provider).sign(secrets.token_urlsafe(16))


def session_valid(provider: Provider, session_key: str) -> bool:
    """True when the key was issued by us for this organisation."""
    if not isinstance(session_key, str) or not session_key or len(session_key) > 100:
        return False
    try:
        _session_signer(provider).unsign(session_key)
    except signing.BadSignature:
        return False
    return True


def session_group(session_key: str) -> str:
    """The channel-layer group of the customer's open sockets for this session."""
    return f"webchat.{session_key}"


def staff_group(session_key: str) -> str:
    """The group an employee's inbox joins to see the customer typing (see the docs)."""
    return f"webchat.staff.{session_key}"


def portal_chat_token(party: Party) -> str:
    """A token the portal puts in the widget's ``data-portal-token`` for a logged-in party.

    Called by the portal issue's page for the logged-in citizen; never shown to anyone else."""
    return signing.dumps(
        {"party": str(party.uuid), "provider": party.provider_id}, salt=PORTAL_SALT, compress=True
    )


def portal_party(provider: Provider, token: str) -> Party | None:
    """The party a portal token names, when it is valid, fresh and for this organisation."""
    if not isinstance(token, str) or not token or len(token) > 500:
        return None
    try:
        claims = signing.loads(token, salt=PORTAL_SALT, max_age=PORTAL_TOKEN_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    if not isinstance(claims, dict) or claims.get("provider") != provider.pk:
        return None
    party_uuid = claims.get("party")
    if not isinstance(party_uuid, str):
        return None
    party = (
        Party.objects.filter(provider=provider, uuid=party_uuid)
        .select_related("merged_into")
        .first()
    )
    # A party merged since the token was issued lives on in the one it was merged into.
    return party.merged_into if party is not None and party.merged_into else party
