"""``klantbeeld demo --reset``: delete the demo organisations and everything that belongs to
them, including their processing log, so that the demo can be built again.

Only the demo may delete this way: it bypasses the services on purpose, because it removes
whole fictional organisations rather than processing anyone's data. Foreign keys to an
organisation are mostly PROTECT (DESIGN.md: nothing is lost by accident), so the rows that
block a delete are removed first, model by model, until the organisation itself can go. That
also covers tables other apps add later.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError

from klantbeeld.core.models import Provider

_MAX_ROUNDS = 12
_CHUNK = 500


def organisations_delete(codes: Iterable[str]) -> list[str]:
    """Delete the organisations with these codes; returns the codes that existed."""
    deleted = []
    for provider in Provider.objects.filter(code__in=list(codes)).order_by("code"):
        with transaction.atomic():
            _provider_delete(provider)
        deleted.append(provider.code)
    return deleted


def _provider_delete(provider: Provider) -> None:
    for _ in range(_MAX_ROUNDS):
        try:
            provider.delete()
            return
        except ProtectedError as error:
            blocking = error.protected_objects
        except RestrictedError as error:
            blocking = error.restricted_objects
        if not _delete_grouped(blocking):
            break
    raise RuntimeError(f"Could not delete demo organisation {provider.code!r}.")


def _delete_grouped(objects: Iterable[models.Model]) -> int:
    """Delete ``objects`` per model; a model that is still blocked waits for the next round."""
    by_model: dict[type[models.Model], list[object]] = defaultdict(list)
    for instance in objects:
        by_model[type(instance)].append(instance.pk)
    removed = 0
    for model, keys in by_model.items():
        for start in range(0, len(keys), _CHUNK):
            try:
                with transaction.atomic():
                    removed += model._base_manager.filter(
                        pk__in=keys[start : start + _CHUNK]
                    ).delete()[0]
            except (ProtectedError, RestrictedError):
                continue
    return removed
