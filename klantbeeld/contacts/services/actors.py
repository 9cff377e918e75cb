"""The organisation's actors: teams, employees, automated actors (no personal data of
customers, so no processing-log records)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from klantbeeld.contacts.constants import (
    ActorKind,
)
from klantbeeld.contacts.models import (
    Actor,
)
from klantbeeld.contacts.services.guards import _ensure_own
from klantbeeld.core.models import Provider, User


def team_create(*, provider: Provider, name: str, identifier: str = "") -> Actor:
    team = Actor(provider=provider, kind=ActorKind.TEAM, name=name, identifier=identifier)
    team.full_clean()
    team.save()
    return team


def employee_actor_create(*, user: User, team: Actor | None) -> Actor:
    if user.provider_id is None:
        raise ValidationError({"user": "Een medewerker hoort bij een organisatie."})
    _ensure_own(user.provider_id, team=team)
    actor = Actor(
        provider_id=user.provider_id,
        kind=ActorKind.EMPLOYEE,
        user=user,
        name=user.get_full_name() or user.username,
        identifier=user.username,
        team=team,
    )
    actor.full_clean()
    actor.save()
    return actor


def automated_actor_create(*, provider: Provider, name: str, identifier: str) -> Actor:
    actor = Actor(provider=provider, kind=ActorKind.AUTOMATED, name=name, identifier=identifier)
    actor.full_clean()
    actor.save()
    return actor


def automated_actor_get(*, provider: Provider, name: str, identifier: str) -> Actor:
    """The organisation's automated actor with this code, made on first use."""
    actor = Actor.objects.filter(
        provider=provider, kind=ActorKind.AUTOMATED, identifier=identifier
    ).first()
    return actor or automated_actor_create(provider=provider, name=name, identifier=identifier)
