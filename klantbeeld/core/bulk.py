"""Set-based inserts for imports: many rows, one prepared statement (issue 5, bulk import).

``bulk_create`` builds a model instance per row and runs every field's save hooks; for an
import of a hundred thousand contacts that costs more than the database does. Here a row is a
dict of attribute values; missing ones take the field's default (a fresh uuid per row, the
current time for ``auto_now`` fields), each value is prepared by its field for this database,
and the rows go out with ``COPY`` on PostgreSQL and as multi-row ``INSERT … VALUES``
statements on SQLite. No signals are sent and no instances returned:
callers that need the new ids give the rows uuids and read the ids back (:func:`ids_by_uuid`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

ROWS_PER_STATEMENT = 500
_MISSING = object()
_PER_ROW = object()
# Values every backend takes as they are (str, int, bool, None); others go through the field.
_PLAIN = (str, int, bool, type(None))


def rows_insert(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> int:
    if not rows:
        return 0
    database = connections[DEFAULT_DB_ALIAS]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    now = timezone.now()
    # What a row leaves out: prepared once, unless the default is made per row (a uuid).
    absent: list[Any] = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            absent.append(field.get_db_prep_save(now, database))
        elif callable(field.default):
            absent.append(_PER_ROW)
        else:
            absent.append(field.get_db_prep_save(field.get_default(), database))
    params = []
    for row in rows:
        values = []
        for field, fallback in zip(fields, absent, strict=True):
            value = row.get(field.attname, _MISSING)
            if value is _MISSING:
                value = fallback
                if value is _PER_ROW:
                    value = field.get_db_prep_save(field.get_default(), database)
            elif not isinstance(value, _PLAIN) or isinstance(value, Enum):
                value = field.get_db_prep_save(value, database)
            values.append(value)
        params.append(values)
    quote = database.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Many rows per statement: one round trip per chunk, within the parameter limits of
    # SQLite (32,766) and PostgreSQL (65,535).
    per_statement = max(1, min(ROWS_PER_STATEMENT, 30_000 // len(fields)))
    table = quote(model._meta.db_table)
    with database.cursor() as cursor:
        if database.vendor == "postgresql":
            # COPY: PostgreSQL's own bulk path, many times faster than bound INSERTs.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for prepared in params:
                    copy.write_row(prepared)
            return len(rows)
        for start in range(0, len(params), per_statement):
            chunk = params[start : start + per_statement]
            placeholders = ", ".join([one_row] * len(chunk))
            sql = f"INSERT INTO {table} ({columns}) VALUES {placeholders}"  # noqa: S608 (names from our own models)
            cursor.execute(sql, [value for row in chunk for value in row])
    return len(rows)


def ids_by_uuid(model: type[models.Model], uuids: Iterable[UUID]) -> dict[UUID, int]:
    found = model._default_manager.filter(uuid__in=list(uuids)).values_list("uuid", "pk")
    return dict(found)


def rows_update(model: type[models.Model], fields: Sequence[str], rows: Sequence[Any]) -> int:
    """Write ``fields`` of many saved instances, one statement run for all (``executemany``).

    ``bulk_update`` builds one ``CASE`` expression per field over every row; for a batch of a
    few hundred rows a prepared ``UPDATE … WHERE id = %s`` per row is cheaper on SQLite and,
    pipelined by psycopg, on PostgreSQL. Values go through their field as ``save()`` would
    prepare them; ``auto_now`` fields are not touched unless named (callers set them)."""
    if not rows:
        return 0
    database = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    columns: list[Any] = [meta.get_field(name) for name in fields]
    quote = database.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    primary_key: Any = meta.pk
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {assignments}"  # noqa: S608 (names from our own models)
        f" WHERE {quote(primary_key.column)} = %s"
    )
    params = [
        [field.get_db_prep_save(_value(row, field), database) for field in columns] + [row.pk]
        # In primary-key order: two writers take their row locks in the same order.
        for row in sorted(rows, key=lambda row: row.pk)
    ]
    with database.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(rows)


def _value(row: models.Model, field: models.Field[Any, Any]) -> Any:
    """The value to write; for a foreign key the id of the object it holds, which may have
    been saved (``bulk_create``) after it was assigned."""
    if field.is_relation and field.is_cached(row):  # type: ignore[attr-defined]
        related = field.get_cached_value(row)  # type: ignore[attr-defined]
        return related.pk if related is not None else None
    return getattr(row, field.attname)
