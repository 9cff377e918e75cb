"""The VNG Klantinteracties API under a real server, at scale (issue 4; figures in
docs/benchmarks.md, section "Klantinteracties API").

Generates 100,000 partijen with their digitale adressen and 1,000,000 klantcontacten, each
with a betrokkene pointing at its partij (the generator of ``bench/customer_view.py``, bulk
path), into ``var/bench/api.sqlite3`` or the PostgreSQL database of ``--database-url`` (its
name must contain "bench": it is emptied). A database generated with the same options is
reused. The application then runs under gunicorn on 127.0.0.1 with production settings, and
N client processes (1, then 8) send for ``--seconds`` each, back to back:

- GET /partijen/{uuid}?expand=digitaleAdressen   (a random partij each time)
- GET /klantcontacten?hadBetrokkene__wasPartij__uuid={uuid}
- GET /partijen?page=50
- POST /maak-klantcontact                         (really writes; the count is checked)

gunicorn runs 2 sync workers by default, one per core: a request is CPU-bound Python (tens of
ms of CPU against about a millisecond waiting on the database), so more workers than cores only
add switching; and on SQLite every call writes (a read writes its processing-log record), so
with more workers the queue forms in SQLite's busy handler, which sleeps and retries, instead of
in the listen queue, which is first come first served (docs/benchmarks.md has the comparison).

It prints requests, req/s, p50/p95/p99 in ms and non-2xx answers per call and concurrency,
and the verdict on the target p95 <= 30 ms for single-object GETs. The second target, 3x the
throughput of Open Klant on the same calls and data, needs Open Klant running here; the script
says why it could not be measured. A benchmark, not a test: exit 0 whether or not targets are
met, non-zero only when the run itself failed.

    python bench/api.py [--parties 100000] [--contacts 1000000] [--seconds 20]
                        [--clients 1,8] [--workers 2] [--threads 1]
                        [--database-url postgres://root@127.0.0.1:5432/klantbeeld_api_bench]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

import django

if TYPE_CHECKING:
    from bench.api_calls import Call, PartyRef
    from bench.api_load import RunResult, Target
    from bench.api_server import Server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE_PATH = ROOT / "var" / "bench" / "api.sqlite3"
SINGLE_OBJECT_TARGET_MS = 30.0
OPEN_KLANT_FACTOR = 3
APPLICATION_NAME = "Benchmark"
OPEN_KLANT_NOT_MEASURED = (
    "Open Klant could not be measured on this machine: it is not published on PyPI"
    " (`pip download open-klant` finds no distribution; `open-klant-client` is only a client"
    " library), it ships as a Docker image, and this machine has no Docker engine and reaches"
    " no registry or host but PyPI, Debian and npm, so neither the image nor the source can be"
    " fetched. The 3x throughput target stays unverified here; the figures above are"
    " Klantbeeld's alone."
)


@dataclass
class Measured:
    call: Call
    run: RunResult
    server_cpu_seconds: float
    machine_cpu_seconds: float  # every process, the benchmark's own included
    database_cpu_seconds: float  # PostgreSQL's processes; 0 on SQLite (inside the workers)
    queries: str = "-"  # SQL statements per request

    def share(self, seconds: float) -> str:
        """CPU seconds during the run as a share of all cores."""
        cores = os.cpu_count() or 1
        return f"{100 * max(seconds, 0.0) / max(self.run.wall_seconds, 1e-9) / cores:.0f} %"

    @property
    def other_cpu_seconds(self) -> float:
        """What other work on the machine took meanwhile."""
        ours = self.server_cpu_seconds + self.run.cpu_seconds + self.database_cpu_seconds
        return self.machine_cpu_seconds - ours


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    django_setup(args.database_url)
    return run(args)


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Klantinteracties API benchmark.")
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=1_000_000, help="a multiple of --parties")
    parser.add_argument("--seconds", type=float, default=20.0, help="per call and concurrency")
    parser.add_argument("--warm-up", type=float, default=2.0, help="seconds before each run")
    parser.add_argument("--clients", default="1,8", help="concurrent clients, comma-separated")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help=">1: gthread workers")
    parser.add_argument(
        "--calls",
        default="partij,klantcontacten,partijen,maak",
        help="any of these, and floor: GET /admin/login/, the stack without the API",
    )
    parser.add_argument(
        "--load",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="load generator; auto: wrk when installed, else the Python clients",
    )
    parser.add_argument("--database-url", default=f"sqlite:///{SQLITE_PATH}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="generate even if reusable")
    args = parser.parse_args(argv)
    if args.parties < 2 or args.contacts < 0 or args.contacts % args.parties:
        parser.error("need --parties >= 2 and --contacts a multiple of --parties")
    args.clients = [int(part) for part in args.clients.split(",") if part.strip()]
    args.calls = [part.strip() for part in args.calls.split(",") if part.strip()]
    if args.load == "auto":
        from bench.api_wrk import wrk_path

        args.load = "wrk" if wrk_path() else "python"
    elif args.load == "wrk" and args.seconds < 1:
        parser.error("wrk runs whole seconds: --seconds 1 or more")
    if not args.clients or min(args.clients) < 1 or args.seconds <= 0:
        parser.error("need --clients of at least 1 and --seconds > 0")
    return args


def django_setup(database_url: str) -> None:
    """This process loads the data and checks the counts; the server is a process of its own."""
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    django.setup()


def run(args: argparse.Namespace) -> int:
    from bench.api_calls import LIST_PAGE, calls_build, list_page
    from bench.api_server import Server, ServerOptions

    header_print(args)
    database_prepare(args)
    parties = parties_read()
    token = token_issue()
    calls = [call for call in calls_build(parties) if call.key in args.calls]
    if list_page(len(parties)) != LIST_PAGE:
        print(
            f"note        {len(parties):,} partijen: the list call asks page {list_page(len(parties))}"
        )
    if token is None:
        calls = [call for call in calls if call.key == "floor"]
        if not calls:
            print("Nothing to measure without a token (only --calls floor runs without one).")
            return 1
    server = Server(ServerOptions(args.workers, args.threads, args.database_url))
    print(f"server      {server.options.description}, 127.0.0.1:{server.port}\n")
    server.start()
    try:
        target = server_ready(server, token)
        measured = measure_all(args, server, target, calls)
    finally:
        server.stop()
    results_print(measured)
    targets_print(measured)
    return 0


# --- data ---------------------------------------------------------------------------------


def database_prepare(args: argparse.Namespace) -> None:
    """Reuse a database generated with the same options, or generate a fresh one."""
    from django.core.management import call_command

    from bench.customer_view import generation_print, size_print
    from bench.generate import generate
    from bench.load import bulk_session, database_empty, statistics_update

    per_party = args.contacts // args.parties
    if not args.fresh and _reusable(args.parties, per_party, args.seed):
        print("Generation: skipped, reusing the database generated with the same options.")
        size_print()
        return
    database_empty()
    started = perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = perf_counter() - started
    with bulk_session():
        generated = generate(parties=args.parties, per_party=per_party, seed=args.seed)
    started = perf_counter()
    statistics = statistics_update()
    generation_print(generated, migrated, statistics, perf_counter() - started)
    size_print()


def _reusable(parties: int, per_party: int, seed: int) -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.utils import DatabaseError

    from bench.generate import PROVIDER_CODE, provider_name
    from klantbeeld.core.models import Provider

    try:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return False
        expected = provider_name(parties, per_party, seed)
        return Provider.objects.filter(code=PROVIDER_CODE, name=expected).exists()
    except DatabaseError:
        return False


def parties_read() -> list[PartyRef]:
    from bench.api_calls import PartyRef
    from bench.generate import PROVIDER_CODE
    from klantbeeld.parties.models import Party

    rows = Party.objects.filter(provider__code=PROVIDER_CODE).values_list(
        "uuid", "initials", "given_names", "surname_prefix", "surname"
    )
    return [PartyRef(str(uuid), *names) for uuid, *names in rows]


def contacts_count() -> int:
    from bench.generate import PROVIDER_CODE
    from klantbeeld.contacts.models import ContactMoment

    return ContactMoment.objects.filter(provider__code=PROVIDER_CODE).count()


def token_issue() -> str | None:
    """A read/write key for the benchmark organisation, from the product's own command;
    None, with the reason printed, when the command is not there."""
    from django.core.management import CommandError, call_command

    from bench.generate import PROVIDER_CODE

    out = io.StringIO()
    try:
        call_command(
            "api_token",
            provider=PROVIDER_CODE,
            name=APPLICATION_NAME,
            scopes="read,write",
            stdout=out,
        )
    except CommandError as error:
        print(f"No API token: manage.py api_token failed ({error}).")
        return None
    lines = [line.strip() for line in out.getvalue().splitlines() if line.strip()]
    return lines[-1] if lines else None


# --- server and load ------------------------------------------------------------------------


def server_ready(server: Server, token: str | None) -> Target:
    from bench.api_calls import PREFIX
    from bench.api_load import Target, wait_until_answering
    from bench.api_server import LOG_PATH

    headers = {
        **({"Authorization": f"Token {token}"} if token else {}),
        "Accept": "application/json",
        "Host": "127.0.0.1",
        "X-Forwarded-Proto": "https",  # as the TLS proxy in front of production sets it
    }
    target = Target("127.0.0.1", server.port, headers)
    started = perf_counter()
    try:
        status = wait_until_answering(target, f"{PREFIX}/partijen?pageSize=1", timeout=60)
    except TimeoutError:
        state = "running" if server.running() else "stopped"
        raise SystemExit(f"gunicorn did not answer in 60 s ({state}); see {LOG_PATH}") from None
    print(f"Server answered after {perf_counter() - started:.1f} s (status {status}).\n")
    return target


def measure_all(
    args: argparse.Namespace, server: Server, target: Target, calls: list[Call]
) -> list[Measured]:
    measured: list[Measured] = []
    for call in calls:
        if not call_checked(target, call):
            continue
        queries = _queries(call, target)
        before = contacts_count() if call.key == "maak" else 0
        created = 0
        send = load_runner(args, target, call)
        for clients in args.clients:
            created += send(clients, args.warm_up, args.seed + 7).statuses[201]
            server.wait_idle()  # requests wrk left unanswered at the end are finished first
            cpu, machine, database = cpu_now(server)
            result = send(clients, args.seconds, args.seed)
            server.wait_idle()
            cpu_after, machine_after, database_after = cpu_now(server)
            used = (cpu_after - cpu, machine_after - machine, database_after - database)
            measured.append(Measured(call, result, *used, queries=queries))
            _progress_print(call, result)
            created += result.statuses[201]
        if call.key == "maak":
            unanswered = 2 * sum(args.clients) if args.load == "wrk" else 0
            _writes_check(before, created, unanswered)
    return measured


def cpu_now(server: Server) -> tuple[float, float, float]:
    """CPU seconds so far: the server's, the whole machine's, PostgreSQL's."""
    from django.db import connection

    from bench.api_server import machine_cpu_seconds, postgres_cpu_seconds

    database = postgres_cpu_seconds() if connection.vendor == "postgresql" else 0.0
    return server.cpu_seconds(), machine_cpu_seconds(), database


def _queries(call: Call, target: Target) -> str:
    from bench.api_calls import queries_counted

    authorization = target.headers.get("Authorization", "")
    if not authorization.startswith("Token "):
        return "-"
    counts = queries_counted(call, authorization.removeprefix("Token "))
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}-{high}"


def load_runner(
    args: argparse.Namespace, target: Target, call: Call
) -> Callable[[int, float, int], RunResult]:
    """(clients, seconds, seed) -> the run's result, with wrk or with the Python clients."""
    from django.db import connections

    from bench import api_load, api_wrk

    if args.load == "wrk":
        requests = api_wrk.requests_write(call.key, call.recipe, args.seed)
        return lambda clients, seconds, seed: api_wrk.run(
            target, requests, clients=clients, seconds=seconds, seed=seed
        )

    def python_run(clients: int, seconds: float, seed: int) -> RunResult:
        connections.close_all()  # the clients are forked: they must not share a connection
        return api_load.run(target, call.recipe, clients=clients, seconds=seconds, seed=seed)

    return python_run


def call_checked(target: Target, call: Call) -> bool:
    """One answer of ``call`` checked for its shape before it is measured."""
    import random

    from bench.api_calls import answer_summary, parse
    from bench.api_load import one

    request = call.recipe(random.Random(0))
    status, body = one(target, request)
    problem = call.check(status, parse(body))
    if problem:
        excerpt = body[:400].decode("utf-8", "replace")
        print(f"SKIP  {call.title}: {problem}\n      {request[0]} {request[1]}\n      {excerpt}\n")
        return False
    print(f"check {call.title}: {status}, {answer_summary(call, parse(body))}")
    return True


def _progress_print(call: Call, result: RunResult) -> None:
    print(
        f"      {call.title}, {result.clients} client(s): {result.requests:,} requests,"
        f" {result.per_second:,.0f}/s, {result.errors} non-2xx"
    )


def _writes_check(before: int, created: int, unanswered: int) -> None:
    """Every 201 answer made one klantcontact. wrk stops counting at the deadline, so up to
    one request per connection and run was written without its answer being counted."""
    after = contacts_count()
    grown = after - before
    word = "OK  " if created <= grown <= created + unanswered else "MISMATCH"
    print(
        f"{word}  maak-klantcontact: klantcontacten {before:,} -> {after:,} (+{grown:,});"
        f" 201 answers counted: {created:,} (warm-up included"
        + (f"; up to {unanswered} sent as wrk stopped are not counted)" if unanswered else ")")
    )


# --- printing ---------------------------------------------------------------------------------


def header_print(args: argparse.Namespace) -> None:
    from bench.customer_view import _cpu_model, _database_description, _memory_gib

    print("Klantbeeld benchmark: Klantinteracties API over HTTP (bench/api.py)")
    print(f"date        {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {_commit()}")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"machine     {os.cpu_count()} cores, {_cpu_model()}, {_memory_gib()} GiB RAM")
    print(f"load        {load} (1, 5, 15 min averages at start; other work skews figures)")
    print(f"software    Python {sys.version.split()[0]}, Django {django.get_version()}")
    print(f"database    {_database_description()}")
    print(
        f"options     --parties {args.parties} --contacts {args.contacts}"
        f" --seconds {args.seconds:g} --warm-up {args.warm_up:g}"
        f" --clients {','.join(map(str, args.clients))} --workers {args.workers}"
        f" --threads {args.threads} --seed {args.seed}"
    )
    if args.load == "wrk":
        clients = "wrk (C, event loop): one connection per client, at most 2 threads"
    else:
        clients = "Python: one process per client, one connection each (http.client)"
    print(f"clients     {clients}, on the same machine as the server")


def _commit() -> str:
    """The commit, and whether tracked files differ from it (the figures are of those)."""
    import subprocess

    def git(*arguments: str) -> str:
        found = subprocess.run(  # noqa: S603
            ["git", *arguments],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return found.stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{commit} with uncommitted changes" if changed else commit


def results_print(measured: list[Measured]) -> None:
    from bench.customer_view import table

    rows = [_result_row(item) for item in measured]
    headers = (
        *("call", "clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"),
        *("non-2xx", "SQL/req", "server CPU ms/req", "load gen.", "PostgreSQL", "other"),
    )
    print("\nMeasurements (latency: from sending a request to reading the whole answer)")
    print(table(headers, rows))
    print(
        "SQL/req: statements per request, BEGIN and COMMIT included (3 requests in-process);"
        " server CPU: gunicorn master and workers, per answered request; load gen.,"
        " PostgreSQL and other (every other process on the machine, the kernel's work"
        " included): their CPU as a share of all cores. A request still unanswered when a"
        " run ends is not counted."
    )
    for item in measured:
        if item.run.errors:
            statuses = ", ".join(f"{s}: {n}" for s, n in sorted(item.run.statuses.items()))
            print(f"\nnon-2xx in {item.call.title}, {item.run.clients} client(s): {statuses}")
            for sample in item.run.error_samples:
                print(f"    {sample}")
    print()


def _result_row(item: Measured) -> tuple[object, ...]:
    run = item.run
    answered = run.requests > 0
    latencies = (run.p50, run.p95, run.p99, run.max)
    server_ms = 1000 * item.server_cpu_seconds / run.requests if answered else 0.0
    return (
        item.call.title,
        run.clients,
        f"{run.requests:,}",
        f"{run.per_second:,.1f}",
        *(f"{value:.1f}" if answered else "-" for value in latencies),
        run.errors,
        item.queries,
        f"{server_ms:.1f}" if answered else "-",
        item.share(run.cpu_seconds),
        item.share(item.database_cpu_seconds),
        item.share(item.other_cpu_seconds),
    )


def targets_print(measured: list[Measured]) -> None:
    print("Targets")
    singles = [item for item in measured if item.call.single_object]
    if not singles:
        print("n/a   p95 <= 30 ms for single-object GETs: the call was not measured")
    for item in singles:
        p95 = item.run.p95
        word = "PASS" if p95 <= SINGLE_OBJECT_TARGET_MS and not item.run.errors else "MISS"
        print(
            f"{word}  {item.call.title}, {item.run.clients} client(s): p95 {p95:.1f} ms"
            f" (target <= {SINGLE_OBJECT_TARGET_MS:g} ms), {item.run.errors} non-2xx"
        )
    print(f"n/a   throughput >= {OPEN_KLANT_FACTOR}x Open Klant on the same calls and data:")
    print(f"      {OPEN_KLANT_NOT_MEASURED}")


if __name__ == "__main__":
    sys.exit(main())
