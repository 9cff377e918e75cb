"""Checks every contacts service shares: own organisation, no future times."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError

from klantbeeld.core import clock
from klantbeeld.core.errors import NotAccessible
from klantbeeld.parties.models import Party
from klantbeeld.privacy.accessors import Accessor

CLOCK_SKEW = timedelta(minutes=5)


def _ensure_party(accessor: Accessor, party: Party) -> None:
    if party.provider_id != accessor.provider_id:
        raise NotAccessible("Deze klant is niet gevonden.")


def _ensure_own(provider_id: int, **objects: object) -> None:
    """Topics, cases and actors must belong to the same organisation as the customer."""
    for field, value in objects.items():
        if value is not None and getattr(value, "provider_id", provider_id) != provider_id:
            raise ValidationError({field: "Dit hoort niet bij uw organisatie."})


def _not_in_future(field: str, value: datetime) -> None:
    if value > clock.now() + CLOCK_SKEW:
        raise ValidationError(
            {field: "Dit tijdstip ligt in de toekomst. Vul het tijdstip van het contact in."}
        )
