"""Bulk writes for the benchmark, past the ORM's per-object work, and the database around it.

SQLite gets ``executemany`` and PostgreSQL ``COPY`` (psycopg 3), in chunks of 50,000 rows,
each chunk in its own transaction. Table and column names come from each model's ``_meta``;
a column the rows do not fill takes the field's default, and a new required field without a
default stops the load with a message instead of loading something the product never writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from time import perf_counter

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Field, Model

from bench.rows import Row, Rows

CHUNK = 50_000


class SchemaChanged(RuntimeError):
    """The product's schema has a required column the benchmark does not know how to fill."""


@dataclass(frozen=True)
class Loaded:
    table: str
    rows: int
    seconds: float


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def load(rows: Rows) -> Loaded:
    table = rows.model._meta.db_table
    columns, extra = columns_for(rows.model, rows.fields)
    source = rows.rows if not extra else (row + extra for row in rows.rows)
    write = _copy if is_postgres() else _executemany
    started, count = perf_counter(), 0
    while chunk := list(islice(source, CHUNK)):
        with transaction.atomic():
            write(table, columns, chunk)
        count += len(chunk)
    return Loaded(table, count, perf_counter() - started)


def columns_for(model: type[Model], attnames: tuple[str, ...]) -> tuple[list[str], Row]:
    """The columns of ``attnames`` plus every other column, with its constant default value."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    unknown = [name for name in attnames if name not in fields]
    if unknown:
        raise SchemaChanged(f"{model.__name__} has no field(s) {', '.join(unknown)}")
    columns = [fields[name].column for name in attnames]
    extra: list[object] = []
    for attname, field in fields.items():
        if attname not in attnames and not field.primary_key:
            columns.append(field.column)
            extra.append(_constant(model, field))
    return columns, tuple(extra)


def _constant(model: type[Model], field: Field) -> object:
    if field.has_default():
        if callable(field.default) and field.default not in (dict, list):
            raise SchemaChanged(f"{model.__name__}.{field.name}: a default per row; fill it")
        return field.get_db_prep_save(field.get_default(), connection)
    if field.null:
        return None
    if field.empty_strings_allowed:
        return ""
    raise SchemaChanged(f"{model.__name__}.{field.name} is required: fill it in bench/rows.py")


def _executemany(table: str, columns: list[str], chunk: list[Row]) -> None:
    quote = connection.ops.quote_name
    names, marks = ", ".join(map(quote, columns)), ", ".join("?" * len(columns))
    connection.connection.executemany(
        f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", chunk
    )


def _copy(table: str, columns: list[str], chunk: list[Row]) -> None:
    quote = connection.ops.quote_name
    statement = f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in chunk:
            copy.write_row(row)


@contextmanager
def bulk_session() -> Iterator[None]:
    """Fast, less durable writes on this connection only; closed after, so the measured
    connection has the product's own settings again (synchronous=NORMAL, small cache)."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("SET synchronous_commit = off")
            cursor.execute("SET maintenance_work_mem = '1GB'")  # index rebuilds sort in memory
        else:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -1048576")  # 1 GiB, for the index b-trees
            cursor.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        if not is_postgres():
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()


@dataclass
class Rebuilt:
    objects: int = 0
    seconds: float = 0.0


@contextmanager
def indexes_deferred(models: list[type[Model]]) -> Iterator[Rebuilt]:
    """Drop the secondary indexes and constraints of ``models`` while loading, then rebuild
    them from the database's own definitions, as pg_restore does: one sort per index instead
    of a million random b-tree inserts, one anti-join per foreign key instead of a trigger per
    row. The rebuild validates every foreign key and unique constraint of the loaded data."""
    tables = [model._meta.db_table for model in models]
    drops, creates = _postgres_ddl(tables) if is_postgres() else _sqlite_ddl(tables)
    rebuilt = Rebuilt(objects=len(creates))
    with connection.cursor() as cursor:
        for statement in drops:
            cursor.execute(statement)
    yield rebuilt
    started = perf_counter()
    with connection.cursor() as cursor:
        for statement in creates:
            cursor.execute(statement)
    rebuilt.seconds = perf_counter() - started


_POSTGRES_CONSTRAINTS = (
    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE conrelid = %s::regclass AND contype = %s ORDER BY conname"
)
_POSTGRES_INDEXES = (
    "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x"
    " JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass"
    " AND NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
    " WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid) ORDER BY i.relname"
)


def _postgres_ddl(tables: list[str]) -> tuple[list[str], list[str]]:
    """Foreign keys go first and come back last; unique constraints, then plain indexes."""
    quote = connection.ops.quote_name
    drops: list[str] = []
    creates: list[str] = []
    with connection.cursor() as cursor:
        for kind in ("f", "u"):
            for table in tables:
                cursor.execute(_POSTGRES_CONSTRAINTS, [quote(table), kind])
                for name, definition in cursor.fetchall():
                    drops.append(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
                    creates.insert(
                        0, f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                    )
        for table in tables:
            cursor.execute(_POSTGRES_INDEXES, [quote(table)])
            for name, definition in cursor.fetchall():
                drops.append(f"DROP INDEX {quote(name)}")
                creates.insert(0, definition)
    return drops, creates


def _sqlite_ddl(tables: list[str]) -> tuple[list[str], list[str]]:
    """Indexes made by CREATE INDEX; inline UNIQUE and foreign keys belong to the table."""
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({marks}) ORDER BY tbl_name, name",
            tables,
        )
        found = cursor.fetchall()
    return [f"DROP INDEX {quote(name)}" for name, _ in found], [sql for _, sql in found]


def sequences_reset(models: list[type[Model]]) -> None:
    """Move PostgreSQL's id sequences past the ids the load gave explicitly."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def statistics_update() -> str:
    """PostgreSQL: VACUUM ANALYZE, as autovacuum would soon after a load; SQLite: the
    product's own refresh after bulk writes (``core.maintenance.statistics_refresh``)."""
    if not is_postgres():
        from klantbeeld.core.maintenance import statistics_refresh

        statistics_refresh()
        return "ANALYZE (klantbeeld.core.maintenance.statistics_refresh)"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return "VACUUM ANALYZE"


def database_empty() -> None:
    """A fresh database: delete the SQLite file, or drop every table on PostgreSQL."""
    name = str(connection.settings_dict["NAME"])
    if not is_postgres():
        connection.close()
        for path in sqlite_files(name):
            path.unlink(missing_ok=True)
        return
    if "bench" not in name:
        raise SystemExit(f"Refusing to empty database {name!r}: its name must contain 'bench'.")
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if tables:
            quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")


def sqlite_files(name: str) -> list[Path]:
    return [Path(name + suffix) for suffix in ("", "-wal", "-shm")]


def data_size() -> int:
    """Bytes on disk: the SQLite file with its WAL, or ``pg_database_size``."""
    if not is_postgres():
        name = str(connection.settings_dict["NAME"])
        return sum(os.path.getsize(path) for path in sqlite_files(name) if path.exists())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return int(cursor.fetchone()[0])


def table_sizes(limit: int = 8) -> list[tuple[str, int]]:
    """The largest tables with their indexes, in bytes."""
    if is_postgres():
        sql = (
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY 2 DESC LIMIT %s"
        )
    else:
        sql = (
            "SELECT m.tbl_name, SUM(s.pgsize) FROM dbstat s JOIN sqlite_master m"
            " ON s.name = m.name GROUP BY m.tbl_name ORDER BY 2 DESC LIMIT %s"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [limit])
        return [(str(name), int(size)) for name, size in cursor.fetchall()]
