"""Reads of outbound events (issue 4)."""

from __future__ import annotations

from klantbeeld.core.memo import memoized
from klantbeeld.events.models import Subscription


def subscriptions_following(*, provider_id: int, kanaal: str) -> list[Subscription]:
    """The active subscriptions of one organisation that follow ``kanaal``.

    Runs on every save of a published model, so it is one query on an index
    (provider, is_active); an organisation has a handful of subscriptions at most, and the
    kanalen are checked in Python because SQLite cannot search inside a JSON list.
    """
    active = memoized(
        ("events.subscriptions", provider_id),
        lambda: list(Subscription.objects.filter(provider_id=provider_id, is_active=True)),
    )
    return [subscription for subscription in active if subscription.follows(kanaal)]
