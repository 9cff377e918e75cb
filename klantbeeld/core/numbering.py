"""Human-readable numbers per organisation: ``number_next(provider, 'party')`` → ``'0000042'``.

The counter row is locked for the rest of the caller's transaction, so two employees never get
the same number; creation is rare next to reading, so the lock does not limit throughput.
"""

from django.db import connection, transaction

from klantbeeld.core.models import NumberSequence, Provider


def number_next(provider: Provider, name: str, *, width: int = 7) -> str:
    return numbers_reserve(provider, name, count=1, width=width)[0]


def numbers_reserve(provider: Provider, name: str, *, count: int, width: int = 7) -> list[str]:
    """Reserve ``count`` consecutive numbers at once (bulk import).

    One ``UPDATE … RETURNING`` takes the numbers and locks the row (SQLite 3.35+, PostgreSQL);
    this runs for every contact moment, so it is one statement rather than three."""
    with transaction.atomic():
        last = _advance(provider.pk, name, count)
        if last is None:
            NumberSequence.objects.get_or_create(provider=provider, name=name)
            last = _advance(provider.pk, name, count)
    if last is None:
        raise LookupError(f"Number sequence {name!r} of provider {provider.pk} is missing.")
    first = last - count + 1
    return [str(value).zfill(width) for value in range(first, first + count)]


def _advance(provider_id: int, name: str, count: int) -> int | None:
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_value = last_value + %s "  # noqa: S608 (our own table name)
            "WHERE provider_id = %s AND name = %s RETURNING last_value",
            [count, provider_id, name],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None
