"""Human-readable numbers per organisation: ``number_next(provider, 'party')`` → ``'0000042'``.

The counter row is locked for the rest of the caller's transaction, so two employees never get
the same number; creation is rare next to reading, so the lock does not limit throughput.
"""

from django.db import transaction
from django.db.models import F

from klantbeeld.core.models import NumberSequence, Provider


def number_next(provider: Provider, name: str, *, width: int = 7) -> str:
    return numbers_reserve(provider, name, count=1, width=width)[0]


def numbers_reserve(provider: Provider, name: str, *, count: int, width: int = 7) -> list[str]:
    """Reserve ``count`` consecutive numbers at once (bulk import)."""
    with transaction.atomic():
        NumberSequence.objects.get_or_create(provider=provider, name=name)
        sequence = NumberSequence.objects.select_for_update().get(provider=provider, name=name)
        first = sequence.last_value + 1
        NumberSequence.objects.filter(pk=sequence.pk).update(last_value=F("last_value") + count)
    return [str(value).zfill(width) for value in range(first, first + count)]
