"""The 'Inbox' link in the main menu, with the number of the employee's own open items."""

from __future__ import annotations

from typing import Any

from django import template

from klantbeeld.routing.selectors import own_open_count

register = template.Library()


@register.simple_tag
def inbox_open_count(user: Any) -> int | None:
    """None for an account without an employee record: the menu then shows no number."""
    actor = getattr(user, "actor", None)
    if actor is None or not actor.is_active:
        return None
    return own_open_count(actor=actor)
