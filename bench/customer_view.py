"""Customer view and search at scale (``make bench``; figures in docs/benchmarks.md).

Generates N parties (default 100,000), each with a BSN, one or two digital addresses (e-mail,
E.164 mobile number), a home address and preferences, and about ten contact moments each
(1,000,000) with their participants and actors, grouped into conversations, with some cases and
agreements. It writes them into its own SQLite file ``var/bench.sqlite3``, or into PostgreSQL
when DATABASE_URL is a postgres URL (the database name must contain "bench": it is emptied).
Then, for a seeded sample of 1,000 random parties, it measures:

(a) the customer view: ``customer_view_get`` as the front office calls it, then reading
    everything the page shows (profile, open cases and agreements, one timeline page);
(b) ``party_search`` by surname, given name and surname, BSN, e-mail, phone, postcode and
    house number;
(c) the customer page over HTTP (Django's test client, logged in), if the workspace has it.

It prints p50/p95/p99/max in ms, SQL queries per call, generation time and rows/s per table,
and the data size. Targets on a 2-core machine: customer view p95 <= 50 ms, search
p95 <= 100 ms, generating 1 M contact moments <= 2 minutes. A benchmark, not a test: it exits 0
whether or not the targets are met, and non-zero only when the run itself failed.

    python bench/customer_view.py [--parties 100000] [--moments-per-party 10]
                                  [--samples 1000] [--seed 1] [--keep]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

import django

if TYPE_CHECKING:
    from bench.generate import Generated
    from bench.measure import Probe
    from klantbeeld.core.models import User
    from klantbeeld.privacy.accessors import Accessor

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = ROOT / "var" / "bench.sqlite3"
POSTGRES_SCHEMES = ("postgres://", "postgresql://", "pgsql://", "postgis://")
VIEW_TARGET_MS = 50.0
SEARCH_TARGET_MS = 100.0
GENERATION_TARGET_S = 120.0  # for 1,000,000 contact moments; scaled for other sizes
COUNTED = 60  # calls whose SQL queries are counted (10 of each search kind)


@dataclass
class Results:
    view_ms: list[float] = field(default_factory=list)
    view_queries: list[int] = field(default_factory=list)
    search_ms: dict[str, list[float]] = field(default_factory=dict)
    search_hits: dict[str, list[bool]] = field(default_factory=dict)
    search_queries: dict[str, list[int]] = field(default_factory=dict)
    page_ms: list[float] | None = None
    page_errors: int = 0
    page_queries: list[int] = field(default_factory=list)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    django_setup()
    run(args)
    return 0


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Customer view and search benchmark.")
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--moments-per-party", type=int, default=10)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the generated database, and reuse it if it was made with the same options",
    )
    args = parser.parse_args(argv)
    if args.parties < 2 or args.moments_per_party < 0 or args.samples < 1:
        parser.error("need --parties >= 2, --moments-per-party >= 0 and --samples >= 1")
    return args


def django_setup() -> None:
    """Our own SQLite file unless DATABASE_URL names PostgreSQL; never the demo database."""
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL", "").startswith(POSTGRES_SCHEMES):
        SQLITE_PATH.parent.mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "false")  # as in production: no query log per call
    django.setup()


def run(args: argparse.Namespace) -> None:
    from bench.generate import EMPLOYEE_USERNAME, PROVIDER_CODE
    from bench.load import database_empty
    from bench.measure import probes_pick
    from klantbeeld.core.models import User
    from klantbeeld.privacy.selectors import accessor_for_user

    header_print(args)
    generated = database_prepare(args)
    size_print()
    user = User.objects.get(username=EMPLOYEE_USERNAME, provider__code=PROVIDER_CODE)
    warm_up, probes = probes_pick(args.seed, args.parties, args.samples)
    results = measure_all(accessor_for_user(user), user, warm_up, probes)
    results_print(results)
    targets_print(args, generated, results)
    if not args.keep:
        database_empty()


def database_prepare(args: argparse.Namespace) -> Generated | None:
    """Reuse a kept database made with the same options, or generate a fresh one."""
    from django.core.management import call_command

    from bench.generate import generate
    from bench.load import bulk_session, database_empty, statistics_update

    if args.keep and _reusable(args):
        print("Generation: skipped, reusing the kept database made with the same options.\n")
        return None
    database_empty()
    started = perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = perf_counter() - started
    with bulk_session():
        generated = generate(parties=args.parties, per_party=args.moments_per_party, seed=args.seed)
    started = perf_counter()
    statistics = statistics_update()
    generation_print(generated, migrated, statistics, perf_counter() - started)
    return generated


def _reusable(args: argparse.Namespace) -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from bench.generate import PROVIDER_CODE, provider_name
    from klantbeeld.core.models import Provider

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    expected = provider_name(args.parties, args.moments_per_party, args.seed)
    return Provider.objects.filter(code=PROVIDER_CODE, name=expected).exists()


def measure_all(
    accessor: Accessor, user: User, warm_up: list[Probe], probes: list[Probe]
) -> Results:
    from bench import measure

    results = Results()
    view = partial(measure.view_read, accessor)
    search = partial(measure.search_read, accessor)
    measure.timed(warm_up, view)
    measure.timed(warm_up, search)
    results.view_ms = measure.timed(probes, view)[0]
    search_ms, hits = measure.timed(probes, search)
    for probe, ms, hit in zip(probes, search_ms, hits, strict=True):
        results.search_ms.setdefault(probe.kind, []).append(ms)
        results.search_hits.setdefault(probe.kind, []).append(hit)
    results.view_queries = measure.queries_counted(probes[:COUNTED], view)
    for probe in probes[:COUNTED]:
        counted = measure.queries_counted([probe], search)
        results.search_queries.setdefault(probe.kind, []).extend(counted)
    _pages_measure(results, user, warm_up, probes)
    return results


def _pages_measure(results: Results, user: User, warm_up: list[Probe], probes: list[Probe]) -> None:
    from bench import measure

    if measure.customer_page_path(probes[0].party_uuid) is None:
        return
    client = measure.page_client(user)
    page = partial(measure.page_get, client)
    measure.timed(warm_up, page)
    results.page_ms, statuses = measure.timed(probes, page)
    results.page_errors = sum(status != 200 for status in statuses)
    results.page_queries = measure.queries_counted(probes[:COUNTED], page)


# --- printing ---------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [tuple(map(str, headers))] + [tuple(map(str, row)) for row in rows]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headers))]
    lines = [
        "  ".join(
            cell.rjust(widths[i]) if i else cell.ljust(widths[i]) for i, cell in enumerate(row)
        )
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def header_print(args: argparse.Namespace) -> None:
    from django.conf import settings

    print("Klantbeeld benchmark: customer view and search (bench/customer_view.py)")
    print(f"date        {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"machine     {os.cpu_count()} cores, {_cpu_model()}, {_memory_gib()} GiB RAM")
    print(f"load        {load} (1, 5, 15 min averages at start; other work skews figures)")
    print(f"software    Python {platform.python_version()}, Django {django.get_version()}")
    print(f"database    {_database_description()}")
    print(
        f"options     --parties {args.parties} --moments-per-party {args.moments_per_party}"
        f" --samples {args.samples} --seed {args.seed}{' --keep' if args.keep else ''}"
    )
    print(
        f"settings    DEBUG={settings.DEBUG},"
        f" timeline page {settings.KLANTBEELD_TIMELINE_PAGE_SIZE},"
        f" search limit {settings.KLANTBEELD_SEARCH_LIMIT}\n"
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return str(round(int(line.split()[1]) / 1024**2))
    except OSError:
        pass
    return "?"


def _database_description() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.ensure_connection()
        version = connection.pg_version  # type: ignore[attr-defined]
        name = connection.settings_dict["NAME"]
        return f"PostgreSQL {version // 10000}.{version % 10000} (database {name})"
    import sqlite3

    path = Path(str(connection.settings_dict["NAME"]))
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return f"SQLite {sqlite3.sqlite_version} ({shown}, WAL, synchronous=NORMAL)"


def generation_print(
    generated: Generated, migrated: float, statistics: str, stats_s: float
) -> None:
    rows = [
        (
            loaded.table,
            f"{loaded.rows:,}",
            f"{loaded.seconds:.1f}",
            f"{loaded.rows / max(loaded.seconds, 1e-9):,.0f}",
        )
        for loaded in generated.loaded
    ]
    rebuilt = generated.rebuilt
    rows.append(
        (f"(rebuild {rebuilt.objects} indexes, constraints)", "", f"{rebuilt.seconds:.1f}", "")
    )
    total_rows = sum(loaded.rows for loaded in generated.loaded)
    load_seconds = sum(loaded.seconds for loaded in generated.loaded) + rebuilt.seconds
    rows.append(
        (
            "all tables",
            f"{total_rows:,}",
            f"{load_seconds:.1f}",
            f"{total_rows / max(load_seconds, 1e-9):,.0f}",
        )
    )
    print("Generation")
    print(table(("table", "rows", "s", "rows/s"), rows))
    print(
        f"migrate {migrated:.1f} s (not counted);"
        f" organisation set-up {generated.setup_seconds:.1f} s;"
        f" plan in memory {generated.plan_seconds:.1f} s; bulk load {load_seconds:.1f} s"
    )
    print(
        f"generation total {generated.seconds:.1f} s;"
        f" statistics afterwards: {statistics} ({stats_s:.1f} s)\n"
    )


def size_print() -> None:
    from bench.load import data_size, table_sizes

    print(f"Data size: {data_size() / 1024**2:,.0f} MiB in all; largest tables with their indexes:")
    print(", ".join(f"{name} {size / 1024**2:,.0f} MiB" for name, size in table_sizes()) + "\n")


def _latency_row(
    name: str, values: list[float], extra: tuple[object, ...] = ()
) -> tuple[object, ...]:
    from bench.measure import summarize

    summary = summarize(values)
    figures = (summary.p50, summary.p95, summary.p99, summary.max)
    return (name, summary.count, *(f"{value:.1f}" for value in figures), *extra)


def _queries(counts: list[int]) -> str:
    if not counts:
        return "-"
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}-{high}"


def results_print(results: Results) -> None:
    from bench.measure import SEARCH_KINDS

    headers = ("operation", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "queries", "found")
    rows = [
        _latency_row("(a) customer view", results.view_ms, (_queries(results.view_queries), ""))
    ]
    every_search = [ms for kind in SEARCH_KINDS for ms in results.search_ms.get(kind, [])]
    every_hit = [hit for hits in results.search_hits.values() for hit in hits]
    every_count = [count for counts in results.search_queries.values() for count in counts]
    rows.append(
        _latency_row(
            "(b) search, all kinds", every_search, (_queries(every_count), _share(every_hit))
        )
    )
    for kind in SEARCH_KINDS:
        if kind in results.search_ms:
            extra = (
                _queries(results.search_queries.get(kind, [])),
                _share(results.search_hits[kind]),
            )
            rows.append(_latency_row(f"    {kind}", results.search_ms[kind], extra))
    if results.page_ms is not None:
        extra = (_queries(results.page_queries), f"{results.page_errors} errors")
        rows.append(_latency_row("(c) customer page, HTTP", results.page_ms, extra))
    print(
        "Measurements (queries: SQL statements per call, BEGIN and COMMIT included;"
        " found: the sampled party among the results shown)"
    )
    print(table(headers, rows))
    if results.page_ms is None:
        print(
            "(c) skipped: /workspace/klant/<uuid>/ does not resolve"
            " (no customer page in klantbeeld/workspace/urls.py yet)"
        )
    print()


def _share(hits: list[bool]) -> str:
    return f"{100 * sum(hits) / len(hits):.0f} %" if hits else "-"


def targets_print(args: argparse.Namespace, generated: Generated | None, results: Results) -> None:
    from bench.measure import summarize

    moments = args.parties * args.moments_per_party
    view_p95 = summarize(results.view_ms).p95
    search_p95 = summarize([ms for values in results.search_ms.values() for ms in values]).p95
    print("Targets")
    print(_verdict("customer view p95", view_p95, VIEW_TARGET_MS, "ms"))
    print(_verdict("search p95", search_p95, SEARCH_TARGET_MS, "ms"))
    if results.page_ms is not None:
        page_p95 = summarize(results.page_ms).p95
        print(f"info  customer page over HTTP p95: {page_p95:.1f} ms (no target of its own)")
    if generated is None:
        print("n/a   generation: the kept database was reused")
        return
    target = GENERATION_TARGET_S * moments / 1_000_000
    label = f"generation of {moments:,} contact moments"
    print(_verdict(label, generated.seconds, max(target, 1.0), "s"))


def _verdict(label: str, value: float, target: float, unit: str) -> str:
    word = "PASS" if value <= target else "MISS"
    return f"{word}  {label}: {value:.1f} {unit} (target <= {target:g} {unit})"


if __name__ == "__main__":
    sys.exit(main())
