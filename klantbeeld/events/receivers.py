"""Model signals that turn saves and deletes of published models into notifications.

STYLE.md prefers services to signals. Here a signal is the right tool: the domain may not
import ``events`` (import-linter), and hooking the model layer catches every write path —
services, the admin, the API, erasure — so no change is published by one path and missed by
another. The receivers hold no rules: they call :func:`services.notification_record`.

Bulk operations (``bulk_create``, ``QuerySet.update``) send no signals and publish nothing;
the benchmark loader relies on that. ``loaddata`` (``raw``) is skipped too.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from klantbeeld.events.constants import Action
from klantbeeld.events.resources import RESOURCES
from klantbeeld.events.services import notification_record


def receivers_connect() -> None:
    for label in RESOURCES:
        post_save.connect(_saved, sender=label, dispatch_uid=f"events-saved-{label}")
        post_delete.connect(_deleted, sender=label, dispatch_uid=f"events-deleted-{label}")


def _saved(
    sender: type[Model], instance: Model, created: bool, raw: bool = False, **_: Any
) -> None:
    if raw:
        return
    notification_record(instance=instance, action=Action.CREATE if created else Action.UPDATE)


def _deleted(sender: type[Model], instance: Model, **_: Any) -> None:
    notification_record(instance=instance, action=Action.DESTROY)
