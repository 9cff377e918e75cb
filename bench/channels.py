"""Channels under load: ingest over HTTP and bulk import of contact history (issue 5; figures in
docs/benchmarks.md, section "Channels: ingest and bulk import").

Target (issue 5, on 2 cores): ingest of WhatsApp webhooks and raw e-mails through store →
resolve → thread → route at >= 300 messages/s sustained for 60 s with the processing backlog
drained; bulk import of contact moments >= 5,000/s.

1. A fresh database (``var/bench/channels.sqlite3``, or the PostgreSQL database of
   ``--database-url``, whose name must contain "bench": it is dropped and created) is migrated;
   one organisation gets its processing register, a WhatsApp and an e-mail ChannelAccount,
   queues with SLA policies, and ``--parties`` parties (~70 % with a verified WhatsApp number,
   ~50 % with a verified e-mail address).
2. Ingest: gunicorn (production settings, ``KLANTBEELD_CHANNELS_INLINE=false``) only stores and
   acknowledges; ``klantbeeld channels work`` processes. An open-loop client sends ``--rate``
   messages/s for ``--seconds`` (80 % signed WhatsApp webhooks, 20 % raw e-mails; known and
   unknown senders, some continuing a conversation). The backlog is sampled every second and,
   after the load, waited for until drained (at most 15 minutes). Every acknowledged message is
   then checked: stored once, processed, one contact moment, none in quarantine.
3. Bulk import: ``contact_moments_import`` of ``--import-rows`` rows, then the same rows again.

gunicorn runs 2 sync workers by default (one per core): on PostgreSQL they answered 134
webhooks/s against 104 for one; on SQLite both answer only as fast as the worker releases the
write lock (docs/benchmarks.md). The database is removed at the end unless ``--keep``.

A benchmark, not a test: exit 0 whether or not the targets are met.

The server and the worker run with ``KLANTBEELD_TRIAGE_HOOK`` and
``KLANTBEELD_INBOUND_RESPONDER`` empty: issue 5's path, without the assistant of issue 6.

    python bench/channels.py [--rate 300] [--seconds 60] [--messages-per-webhook 1]
                             [--clients 128] [--workers 2]
                             [--channel-workers 1] [--parties 20000] [--import-rows 100000]
                             [--skip-ingest] [--skip-import] [--profile-worker] [--keep]
                             [--database-url postgres://root@127.0.0.1:5432/klantbeeld_channels_bench]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on the path, and this module would shadow
# the ``channels`` package (Django Channels) that the web chat imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.api import _commit, django_setup  # noqa: E402
from bench.channels_load import (  # noqa: E402
    ACKNOWLEDGED,
    MAIL_TO,
    PROFILE_PATH,
    Cpu,
    Ingest,
    Senders,
    ingest_run,
    slug,
)

SQLITE_PATH = ROOT / "var" / "bench" / "channels.sqlite3"
INGEST_TARGET = 300.0
IMPORT_TARGET = 5000.0
PHONE_NUMBER_ID = "106540352242922"


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    database_create(args.database_url)
    migrate(args.database_url)
    django_setup(args.database_url)
    header_print(args)
    senders, numbers = organisation_prepare(args.parties, args.seed)
    ingest = None if args.skip_ingest else ingest_run(args, senders)
    imports = None if args.skip_import else import_run(args.import_rows, numbers, args.seed)
    summary_print(args, ingest, imports)
    if not args.keep:
        database_remove(args.database_url)
    return 0


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Channels ingest and bulk import benchmark.")
    parser.add_argument("--database-url", default=f"sqlite:///{SQLITE_PATH}")
    parser.add_argument("--seconds", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--rate", type=float, default=INGEST_TARGET, help="messages/s, open loop")
    parser.add_argument(
        "--messages-per-webhook",
        dest="per_webhook",
        type=int,
        default=1,
        help="WhatsApp messages per Cloud API webhook (Meta batches under load); 1: one each",
    )
    parser.add_argument("--clients", type=int, default=128, help="client threads (connections)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--channel-workers", type=int, default=1, help="`channels work` processes")
    parser.add_argument("--parties", type=int, default=20_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--profile-worker", action="store_true", help=f"cProfile to {PROFILE_PATH}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("sqlite:///") and "bench" not in args.database_url:
        parser.error("the PostgreSQL database's name must contain 'bench': it is dropped")
    return args


# --- the database and the organisation -------------------------------------------------------


def database_create(url: str) -> None:
    """A fresh, empty database: the SQLite file removed, or the PostgreSQL one dropped and made."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_remove(url: str) -> None:
    """The benchmark's database goes when the figures are printed (``--keep`` keeps it)."""
    from django.db import connections

    connections.close_all()
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.removeprefix('sqlite:///')}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(url: str) -> None:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 (our own command)
        [str(Path(sys.executable).with_name("klantbeeld")), "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )
    print(f"migrate     {time.perf_counter() - started:.1f} s")


def organisation_prepare(parties: int, seed: int) -> tuple[Senders, list[str]]:
    """One organisation ready for both channels; (the senders, the party numbers)."""
    from klantbeeld.channels.models import ChannelAccount
    from klantbeeld.core.constants import Channel, ProviderKind
    from klantbeeld.core.models import Provider
    from klantbeeld.privacy.services import processing_register_install
    from klantbeeld.routing.models import Queue, SlaPolicy

    started = time.perf_counter()
    provider = Provider.objects.create(
        code="bench", name="Gemeente Bench", kind=ProviderKind.MUNICIPALITY
    )
    processing_register_install(provider=provider)
    whatsapp = ChannelAccount.objects.create(
        provider=provider,
        channel=Channel.WHATSAPP,
        name="WhatsApp KCC",
        address=PHONE_NUMBER_ID,
        settings={"app_secret": "bench-app-secret", "verify_token": "bench-verify"},
    )
    email = ChannelAccount.objects.create(
        provider=provider,
        channel=Channel.EMAIL,
        name="Info-mailbox",
        address=MAIL_TO,
        settings={"inbound_token": "bench-inbound-token"},
    )
    Queue.objects.create(provider=provider, name="KCC algemeen", is_default=True)
    Queue.objects.create(provider=provider, name="Chat", channels=[Channel.WHATSAPP])
    Queue.objects.create(provider=provider, name="Post en e-mail", channels=[Channel.EMAIL])
    for channel, first, resolution in ((Channel.WHATSAPP, 60, 480), (Channel.EMAIL, 1440, 7200)):
        SlaPolicy.objects.create(
            provider=provider,
            channel=channel,
            first_response_minutes=first,
            resolution_minutes=resolution,
        )
    numbers, phones, mails = _parties_create(provider, parties, seed)
    print(
        f"prepare     {parties:,} parties ({len(phones):,} WhatsApp, {len(mails):,} e-mail),"
        f" accounts, queues, SLA: {time.perf_counter() - started:.1f} s"
    )
    senders = Senders(
        phones, mails, PHONE_NUMBER_ID, "bench-app-secret", str(email.uuid), "bench-inbound-token"
    )
    assert whatsapp.pk  # noqa: S101 (made above)
    return senders, numbers


def _parties_create(provider: Any, count: int, seed: int) -> tuple[list[str], list[str], list[str]]:
    from django.db import transaction

    from bench.vocabulary import EMAIL_DOMAINS, pools_build
    from klantbeeld.core import clock
    from klantbeeld.parties.constants import DigitalAddressKind, PartyKind
    from klantbeeld.parties.models import DigitalAddress, Party
    from klantbeeld.parties.validation import name_key, surname_key

    rng = random.Random(seed)
    pools = pools_build(seed)
    now = clock.now()
    parties, addresses, phones, mails = [], [], [], []
    for index in range(count):
        prefix, surname = rng.choices(pools.surnames, cum_weights=pools.surname_weights)[0]
        given = rng.choice(pools.given_names)
        parties.append(
            Party(
                provider=provider,
                number=f"{index + 1:07d}",
                kind=PartyKind.PERSON,
                given_names=given,
                surname_prefix=prefix,
                surname=surname,
                surname_key=surname_key(surname),
                name_key=name_key(surname, given),
            )
        )
    with transaction.atomic():
        Party.objects.bulk_create(parties, batch_size=2000)
        for index, party in enumerate(parties):
            if rng.random() < 0.7:
                phones.append(f"+3161{index:07d}")
                addresses.append((party, DigitalAddressKind.WHATSAPP, phones[-1]))
            if rng.random() < 0.5:
                domain = rng.choice(EMAIL_DOMAINS)
                mails.append(f"{slug(party.given_names)}.{slug(party.surname)}.{index}@{domain}")
                addresses.append((party, DigitalAddressKind.EMAIL, mails[-1]))
        DigitalAddress.objects.bulk_create(
            [
                DigitalAddress(
                    provider=provider, party=party, kind=kind, value=value, verified_at=now
                )
                for party, kind, value in addresses
            ],
            batch_size=2000,
        )
    return [party.number for party in parties], phones, mails


# --- bulk import ----------------------------------------------------------------------------


def import_run(rows: int, numbers: list[str], seed: int) -> list[Any]:
    from bench.vocabulary import SUMMARIES, TOPICS
    from klantbeeld.contacts.services import automated_actor_get
    from klantbeeld.contacts.services.bulk import ImportedContact, contact_moments_import
    from klantbeeld.core.constants import Channel, Direction
    from klantbeeld.core.models import Provider
    from klantbeeld.privacy.constants import Activity
    from klantbeeld.privacy.selectors import system_accessor

    rng = random.Random(seed + 5)
    channels = [channel for channel in Channel.values if channel != Channel.OTHER]
    now = datetime.now(UTC)
    planned = [
        ImportedContact(
            source_id=f"oud-crm-{index}",
            party_number=rng.choice(numbers),
            channel=rng.choice(channels),
            direction=rng.choice(Direction.values),
            occurred_at=now - timedelta(seconds=rng.randrange(3 * 365 * 86400)),
            subject=rng.choice(rng.choice(TOPICS)[2]),
            content=rng.choice(SUMMARIES),
        )
        for index in range(rows)
    ]
    provider = Provider.objects.get(code="bench")
    accessor = system_accessor(
        provider=provider, task="contacten-import", activities=(Activity.DATA_IMPORT,)
    )
    actor = automated_actor_get(provider=provider, name="Import", identifier="contacten-import")
    results = []
    for run in ("first", "again"):
        result = contact_moments_import(
            accessor=accessor, source="oud-crm", rows=planned, actor=actor
        )
        print(
            f"import      {run}: {result.created:,} new, {result.skipped:,} already there,"
            f" {result.unknown_parties} unknown parties, {result.seconds:.1f} s,"
            f" {rows / result.seconds:,.0f} rows/s"
        )
        results.append(result)
    return results


# --- printing -------------------------------------------------------------------------------


def header_print(args: argparse.Namespace) -> None:
    import django

    from bench.customer_view import _cpu_model, _database_description, _memory_gib

    print("Klantbeeld benchmark: channels ingest and bulk import (bench/channels.py)")
    print(f"date        {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {_commit()}")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"machine     {os.cpu_count()} cores, {_cpu_model()}, {_memory_gib()} GiB RAM")
    print(f"load        {load} (1, 5, 15 min averages at start)")
    print(f"software    Python {sys.version.split()[0]}, Django {django.get_version()}")
    print(f"database    {_database_description()}")
    options = " ".join(f"--{key.replace('_', '-')} {value}" for key, value in vars(args).items())
    print(f"options     {options}")


def summary_print(
    args: argparse.Namespace, ingest: Ingest | None, imports: list[Any] | None
) -> None:
    if ingest is not None:
        ingest_print(args, ingest)
    if args.profile_worker and PROFILE_PATH.exists():
        profile_print()
    from bench.customer_view import table

    rows: list[tuple[object, ...]] = []
    if ingest is not None:
        rows += _ingest_rows(args, ingest)
    if imports:
        first, again = imports
        per_second = args.import_rows / first.seconds
        word = (
            "PASS" if per_second >= IMPORT_TARGET and first.created == args.import_rows else "MISS"
        )
        rows.append(
            (
                "bulk import, first run",
                f"{per_second:,.0f} rows/s",
                f">= {IMPORT_TARGET:,.0f}/s",
                word,
            )
        )
        rows.append(
            (
                "bulk import, again",
                f"{again.created} new in {again.seconds:.1f} s",
                "0 new",
                "PASS" if again.created == 0 else "MISS",
            )
        )
    print("\nSummary")
    print(table(("figure", "measured", "target", "verdict"), rows))


def _ingest_rows(args: argparse.Namespace, ingest: Ingest) -> list[tuple[object, ...]]:
    figures = _ingest_figures(args, ingest)
    sustained = (
        figures["answered share"] >= 0.99
        and figures["processed/s during load"] >= 0.98 * args.rate
        and ingest.drained_at is not None
    )
    met = sustained and args.rate >= INGEST_TARGET and args.seconds >= 60
    checks = ingest.checks
    correct = (
        checks["acknowledged"]
        == checks["acknowledged and stored"]
        == checks["acknowledged and processed"]
        == checks["acknowledged with a contact moment"]
        and checks["messages with 2+ contact moments"] == 0
        and checks["quarantined"] == 0
    )
    drained = (
        "no: stalled or over 15 min"
        if ingest.drained_at is None
        else f"{figures['drain seconds']:.0f} s after the load"
    )
    return [
        (
            "ingest: messages acknowledged/s (2xx)",
            f"{figures['acknowledged/s']:,.1f}",
            f">= {INGEST_TARGET:g}/s",
            "",
        ),
        (
            "ingest: processed/s during the load",
            f"{figures['processed/s during load']:,.1f}",
            f">= {INGEST_TARGET:g}/s",
            "",
        ),
        ("ingest: processed/s incl. drain", f"{figures['processed/s overall']:,.1f}", "", ""),
        ("ingest: backlog drained", drained, "drained", ""),
        (
            f"ingest at {args.rate:g}/s for {args.seconds:g} s",
            "sustained" if sustained else "not sustained",
            "",
            "PASS" if met else "MISS",
        ),
        (
            "ingest: correctness",
            "OK" if correct else "MISMATCH",
            "every ack once, processed",
            "PASS" if correct else "MISS",
        ),
    ]


def _ingest_figures(args: argparse.Namespace, ingest: Ingest) -> dict[str, float]:
    from klantbeeld.channels.constants import InboundStatus

    load = ingest.load
    acknowledged = sum(
        item.messages
        for item, status in zip(ingest.plan, load.statuses, strict=True)
        if status in ACKNOWLEDGED
    )
    answered = sum(1 for status in load.statuses if status in ACKNOWLEDGED)
    at_load_end = next(counts for at, counts in ingest.samples if at >= ingest.load_seconds)
    processed_at_end = at_load_end[InboundStatus.PROCESSED]
    final = ingest.samples[-1]
    return {
        "acknowledged/s": acknowledged / max(load.last_answered - load.started, 1e-9),
        "answered share": answered / max(len(load.statuses), 1),
        "processed/s during load": processed_at_end / ingest.load_seconds,
        "processed/s overall": final[1][InboundStatus.PROCESSED] / max(final[0], 1e-9),
        "backlog peak": max(counts[InboundStatus.RECEIVED] for _, counts in ingest.samples),
        "drain seconds": (ingest.drained_at or final[0]) - ingest.load_seconds,
    }


def ingest_print(args: argparse.Namespace, ingest: Ingest) -> None:
    load, figures = ingest.load, _ingest_figures(args, ingest)
    statuses = ", ".join(f"{code}: {n:,}" for code, n in sorted(load.by_status().items()))
    late = sorted(load.late_ms)
    drained = (
        "NOT drained (15 min cap, or nothing processed for 60 s: see the worker log)"
        if ingest.drained_at is None
        else f"drained {figures['drain seconds']:.1f} s after the load ended"
    )
    every = max(1, len(ingest.samples) // 30)
    lines = [
        f"requests    {len(load.statuses):,} planned; by status {statuses}"
        " (-1: not sent, the client was 5 s behind; 0: no answer)",
        f"answered    {load.answered:,} requests in {load.last_answered - load.started:.1f} s:"
        f" {figures['acknowledged/s']:,.1f} messages acknowledged (2xx)/s",
        f"latency     p50 {load.latency(50):,.1f} / p95 {load.latency(95):,.1f}"
        f" / p99 {load.latency(99):,.1f} / max {load.latency(100):,.1f} ms",
        f"sent late   p50 {late[len(late) // 2]:,.1f} ms, max {late[-1]:,.1f} ms after due",
        *(f"            {sample}" for sample in load.error_samples),
        f"processed   {figures['processed/s during load']:,.1f}/s during the load;"
        f" {figures['processed/s overall']:,.1f}/s incl. the drain",
        f"backlog     peak {figures['backlog peak']:,.0f} waiting; {drained}",
        "backlog     every "
        + f"{every} s: "
        + " ".join(str(counts["ontvangen"]) for _, counts in ingest.samples[::every]),
        _cpu_line("load", ingest.cpu_load, ingest.load_seconds, ingest.client_cpu),
        _cpu_line("load+drain", ingest.cpu_total, ingest.samples[-1][0], ingest.client_cpu),
        "per message " + _per_message(ingest),
        "checks      " + "; ".join(f"{name} {n:,}" for name, n in ingest.checks.items()),
    ]
    print("\nIngest (latency: from the moment a request was due to its whole answer)")
    print("\n".join(lines))


def _cpu_line(label: str, cpu: Cpu, seconds: float, client: float) -> str:
    ours = cpu.server + cpu.workers + client + cpu.database + cpu.bench
    return (
        f"CPU s       {label} ({seconds:.0f} s x {os.cpu_count()} cores): server {cpu.server:.1f},"
        f" worker(s) {cpu.workers:.1f}, client {client:.1f}, PostgreSQL {cpu.database:.1f},"
        f" bench {cpu.bench:.1f}, other work on the machine {cpu.machine - ours:.1f}"
    )


def _per_message(ingest: Ingest) -> str:
    messages = max(ingest.checks["acknowledged"], 1)
    cpu = ingest.cpu_total
    return (
        f"CPU: server {1000 * cpu.server / messages:.1f} ms, worker {1000 * cpu.workers / messages:.1f}"
        f" ms, PostgreSQL {1000 * cpu.database / messages:.1f} ms"
    )


def profile_print() -> None:
    import pstats

    print(f"\nWorker profile ({PROFILE_PATH}), top by cumulative and by own time")
    stats = pstats.Stats(str(PROFILE_PATH))
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    sys.exit(main())
