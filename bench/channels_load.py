"""The load of the channels benchmark (``bench/channels.py``): planned messages, an open-loop
HTTP client, and the ``klantbeeld channels work`` process.

No Django here. The plan is built before the load starts: request ``i`` is due at
``start + i / rate`` whatever the answers do (open loop), so a slow server shows up as growing
latency instead of as fewer requests. Latency is counted from the moment a request was due, not
from when a free client thread got round to it, so queueing in the client is not hidden.

The client is a process forked from the benchmark with a pool of threads, one ``http.client``
connection each; gunicorn's sync workers close the connection after every answer, so each
request connects anew, as Meta's and a mail gateway's would. It reports its own CPU time.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from queue import Empty

from bench.api_load import Target, wait_until_answering
from bench.api_server import (
    ROOT,
    Server,
    ServerOptions,
    _process_cpu,
    machine_cpu_seconds,
    postgres_cpu_seconds,
)
from bench.channels_client import ACKNOWLEDGED, LoadResult, load_start
from bench.vocabulary import TOPICS

WEBHOOK_PATH = "/kanalen/whatsapp/webhook"
MAIL_TO = "info@gemeente-bench.nl"
WHATSAPP_TEXTS = (
    "Goedemiddag, mijn container is vandaag niet geleegd.",
    "Wanneer kan ik mijn nieuwe paspoort ophalen?",
    "Ik heb de aanslag ontvangen maar het bedrag klopt niet.",
    "Kunt u mij terugbellen over mijn aanvraag?",
    "Er ligt een losse stoeptegel voor mijn deur.",
    "Hoe vraag ik een parkeervergunning voor bezoek aan?",
)
FOLLOW_UPS = ("Nog een vraag hierover.", "Dank u, en hoe lang duurt dat?", "Foto volgt nog.")
PROFILE_PATH = ROOT / "var" / "bench" / "channels-worker.prof"
DRAIN_CAP_SECONDS = 900
STALL_SECONDS = 60


@dataclass(frozen=True)
class Senders:
    """Who writes: the verified addresses of known parties, and the business accounts."""

    whatsapp_known: list[str]  # E.164
    email_known: list[str]
    phone_number_id: str
    app_secret: str
    email_account_uuid: str
    inbound_token: str


@dataclass(frozen=True)
class Planned:
    channel: str  # "whatsapp" or "email"
    external_id: str  # the wamid or the Message-ID, as the intake stores it
    path: str
    body: bytes
    headers: dict[str, str]
    due: float = 0.0  # seconds after the start of the load
    # Every message id the request carries (a Cloud API webhook may carry several).
    external_ids: tuple[str, ...] = ()

    @property
    def messages(self) -> int:
        return len(self.external_ids) or 1

    @property
    def ids(self) -> tuple[str, ...]:
        return self.external_ids or (self.external_id,)


@dataclass(frozen=True)
class Mix:
    email_share: float = 0.2
    unknown_share: float = 0.15  # of senders not seen before in the run
    repeat_share: float = 0.25  # a sender who already wrote: continues the conversation
    # WhatsApp messages per webhook: Meta batches messages under load (the adapter reads the
    # array); 1 is one message per webhook.
    per_webhook: int = 1


def plan_build(senders: Senders, mix: Mix, total: int, rate: float, seed: int) -> list[Planned]:
    """``total`` requests, deterministic for a seed; unique ids per run (the seed and a clock)."""
    rng = random.Random(seed)
    run = f"{seed}-{int(time.time())}"
    earlier: dict[str, list[tuple[str, str, str]]] = {"whatsapp": [], "email": []}
    planned: list[Planned] = []
    started = time.time()
    for index in range(total):
        channel = "email" if rng.random() < mix.email_share else "whatsapp"
        sent = started + index / rate
        history = earlier[channel]
        if history and rng.random() < mix.repeat_share:
            sender, subject, previous = rng.choice(history[-2000:])
        else:
            sender, subject, previous = _new_sender(rng, senders, channel, mix, index), "", ""
        external_id = f"bench.{run}.{index}"
        if channel == "whatsapp":
            item = _whatsapp(senders, sender, "wamid." + external_id, rng, sent, bool(previous))
            history.append((sender, "", item.external_id))
        else:
            item = _email(senders, sender, external_id, rng, sent, subject, previous)
            subject = subject or item.body.split(b"\r\nSubject: ", 1)[1].split(b"\r\n")[0].decode()
            history.append((sender, subject.removeprefix("Re: "), item.external_id))
        planned.append(replace(item, due=index / rate))
    if mix.per_webhook > 1:
        return _webhooks_batched(planned, senders, mix.per_webhook)
    return planned


def _webhooks_batched(planned: list[Planned], senders: Senders, size: int) -> list[Planned]:
    """WhatsApp messages grouped as Meta sends them under load: up to ``size`` messages in one
    signed webhook, sent when its last message is due; e-mails stay one per request."""
    out: list[Planned] = []
    group: list[Planned] = []

    def flush() -> None:
        if not group:
            return
        values = [json.loads(item.body)["entry"][0]["changes"][0]["value"] for item in group]
        value = {
            **values[0],
            "contacts": [contact for v in values for contact in v["contacts"]],
            "messages": [message for v in values for message in v["messages"]],
        }
        payload = {
            "object": "whatsapp_business_account",
            "entry": [
                {"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}
            ],
        }
        raw = json.dumps(payload).encode()
        headers = {
            **group[0].headers,
            "X-Hub-Signature-256": "sha256=" + _hmac_hex(senders.app_secret, raw),
        }
        ids = tuple(item.external_id for item in group)
        out.append(Planned("whatsapp", ids[0], WEBHOOK_PATH, raw, headers, group[-1].due, ids))
        group.clear()

    for item in planned:
        if item.channel != "whatsapp":
            out.append(item)
            continue
        group.append(item)
        if len(group) == size:
            flush()
    flush()
    return sorted(out, key=lambda item: item.due)


def _new_sender(rng: random.Random, senders: Senders, channel: str, mix: Mix, index: int) -> str:
    if rng.random() >= mix.unknown_share:
        pool = senders.whatsapp_known if channel == "whatsapp" else senders.email_known
        return rng.choice(pool)
    if channel == "whatsapp":
        return f"+3169{rng.randrange(10_000_000):07d}"
    return f"onbekend{index}@voorbeeld.nl"


def _whatsapp(
    senders: Senders, sender: str, wamid: str, rng: random.Random, sent: float, follow_up: bool
) -> Planned:
    wa_id = sender.removeprefix("+")
    text = rng.choice(FOLLOW_UPS if follow_up else WHATSAPP_TEXTS)
    message = {"from": wa_id, "id": wamid, "timestamp": str(int(sent)), "type": "text"}
    message["text"] = {"body": text}  # type: ignore[assignment]
    value = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": "31201234567",
            "phone_number_id": senders.phone_number_id,
        },
        "contacts": [{"profile": {"name": "Klant"}, "wa_id": wa_id}],
        "messages": [message],
    }
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }
    raw = json.dumps(payload).encode()
    signature = "sha256=" + _hmac_hex(senders.app_secret, raw)
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    return Planned("whatsapp", wamid, WEBHOOK_PATH, raw, headers)


def _email(
    senders: Senders,
    sender: str,
    local_id: str,
    rng: random.Random,
    sent: float,
    subject: str,
    previous: str,
) -> Planned:
    message_id = f"<{local_id}@bench.voorbeeld.nl>"
    if not subject:
        subject = rng.choice(rng.choice(TOPICS)[2])
    lines = [
        f"From: Klant <{sender}>",
        f"To: Gemeente <{MAIL_TO}>",
        f"Subject: {'Re: ' if previous else ''}{subject}",
        f"Date: {format_datetime(datetime.fromtimestamp(sent, tz=UTC))}",
        f"Message-ID: {message_id}",
        *([f"In-Reply-To: {previous}", f"References: {previous}"] if previous else []),
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        f"Beste gemeente,\r\n\r\n{rng.choice(WHATSAPP_TEXTS)}\r\n\r\nMet vriendelijke groet,\r\nKlant",
    ]
    headers = {
        "Content-Type": "message/rfc822",
        "Authorization": f"Bearer {senders.inbound_token}",
    }
    path = f"/kanalen/email/{senders.email_account_uuid}/raw"
    return Planned("email", message_id, path, "\r\n".join(lines).encode(), headers)


def _hmac_hex(secret: str, raw: bytes) -> str:
    import hashlib
    import hmac

    return hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


# --- the measured run ---


class ChannelServer(Server):
    """The API benchmark's gunicorn, storing only: processing is the worker's."""

    def environment(self) -> dict[str, str]:
        # Issue 5's path only: no triage hook and no responder (issue 6's assistant would
        # read and answer every message; its cost is measured in its own benchmark).
        return {
            **super().environment(),
            "KLANTBEELD_CHANNELS_INLINE": "false",
            "KLANTBEELD_TRIAGE_HOOK": "",
            "KLANTBEELD_INBOUND_RESPONDER": "",
        }


@dataclass
class Cpu:
    server: float
    workers: float
    database: float
    machine: float
    bench: float  # this process: setup, backlog sampling

    def __sub__(self, other: Cpu) -> Cpu:
        return Cpu(*(a - b for a, b in zip(vars(self).values(), vars(other).values(), strict=True)))


@dataclass
class Ingest:
    load: LoadResult
    plan: list[Planned]
    samples: list[tuple[float, Counter[str]]]  # seconds since the first due time, counts
    load_seconds: float
    drained_at: float | None
    cpu_load: Cpu
    cpu_total: Cpu
    client_cpu: float
    checks: dict[str, int] = field(default_factory=dict)


def ingest_run(args: argparse.Namespace, senders: Senders) -> Ingest:
    from django.db import connections

    total = int(args.rate * args.seconds)
    plan = plan_build(senders, Mix(per_webhook=args.per_webhook), total, args.rate, args.seed)
    server = ChannelServer(ServerOptions(args.workers, 1, args.database_url))
    profile = PROFILE_PATH if args.profile_worker else None
    workers = [
        ChannelWorker(server.environment(), number, profile if number == 0 else None)
        for number in range(args.channel_workers)
    ]
    print(
        f"server      {server.options.description}, 127.0.0.1:{server.port}; {len(workers)} channels worker(s)"
    )
    server.start()
    try:
        target = Target(
            "127.0.0.1", server.port, {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
        )
        for _ in range(10):  # the URL conf and middleware loaded before the clock runs
            wait_until_answering(target, "/kanalen/whatsapp/webhook", timeout=60)
        for worker in workers:
            worker.start()
        time.sleep(2)
        connections.close_all()  # the client is forked: it must not share a connection
        print(
            f"load        {total:,} messages at {args.rate:g}/s for {args.seconds:g} s in {len(plan):,}"
            f" requests ({args.per_webhook} WhatsApp message(s) per webhook), {args.clients} client threads"
        )
        return _measure(args, plan, server, workers)
    finally:
        for worker in workers:
            worker.stop()
        server.stop()


def _measure(
    args: argparse.Namespace, plan: list[Planned], server: Server, workers: list[ChannelWorker]
) -> Ingest:
    def cpu() -> Cpu:
        from django.db import connection

        database = postgres_cpu_seconds() if connection.vendor == "postgresql" else 0.0
        own = resource.getrusage(resource.RUSAGE_SELF)
        return Cpu(
            server.cpu_seconds(),
            sum(worker.cpu_seconds() for worker in workers),
            database,
            machine_cpu_seconds(),
            own.ru_utime + own.ru_stime,
        )

    before = cpu()
    child, results, start = load_start(server.port, plan, args.rate, args.clients)
    samples: list[tuple[float, Counter[str]]] = []
    load: LoadResult | None = None
    while load is None:
        time.sleep(max(0.0, start + len(samples) + 1 - time.perf_counter()))
        samples.append((time.perf_counter() - start, _backlog()))
        try:
            load = results.get_nowait()
        except Empty:
            continue
    child.join(timeout=10)
    load_seconds = time.perf_counter() - start
    after_load = cpu()
    samples.append((load_seconds, _backlog()))
    drained_at = _drain_wait(samples, start)
    after_drain = cpu()
    checks = _verify(plan, load)
    return Ingest(
        load,
        plan,
        samples,
        load_seconds,
        drained_at,
        after_load - before,
        after_drain - before,
        load.cpu_seconds,
        checks,
    )


def _backlog() -> Counter[str]:
    from django.db.models import Count

    from klantbeeld.channels.models import InboundMessage

    rows = InboundMessage.objects.values_list("status").annotate(n=Count("id")).order_by()
    return Counter(dict(rows))


def _drain_wait(samples: list[tuple[float, Counter[str]]], start: float) -> float | None:
    """Seconds (since the load's start) at which nothing waits any more; None past the cap, or
    when the worker has finished nothing for a minute (it is failing: see its log)."""
    from klantbeeld.channels.constants import InboundStatus

    deadline = time.perf_counter() + DRAIN_CAP_SECONDS
    while samples[-1][1][InboundStatus.RECEIVED] > 0:
        if time.perf_counter() > deadline or _stalled(samples):
            return None
        time.sleep(1.0)
        samples.append((time.perf_counter() - start, _backlog()))
    return samples[-1][0]


def _stalled(samples: list[tuple[float, Counter[str]]]) -> bool:
    def finished(counts: Counter[str]) -> int:
        return counts["verwerkt"] + counts["quarantaine"]

    now, latest = samples[-1]
    earlier = [counts for at, counts in samples if at <= now - STALL_SECONDS]
    return bool(earlier) and finished(earlier[-1]) == finished(latest)


def _verify(plan: list[Planned], load: LoadResult) -> dict[str, int]:
    """Every acknowledged message stored once, processed, with one contact moment."""
    from django.db.models import Count

    from klantbeeld.channels.constants import InboundStatus
    from klantbeeld.channels.models import InboundMessage
    from klantbeeld.contacts.models import ContactMoment

    acknowledged = [
        item for item, status in zip(plan, load.statuses, strict=True) if status in ACKNOWLEDGED
    ]
    found: Counter[str] = Counter()
    for channel in ("whatsapp", "email"):
        ids = [id_ for item in acknowledged if item.channel == channel for id_ in item.ids]
        for offset in range(0, len(ids), 500):
            rows = InboundMessage.objects.filter(
                channel=channel, external_id__in=ids[offset : offset + 500]
            )
            for status, moment_id in rows.values_list("status", "contact_moment_id"):
                found["stored"] += 1
                found["processed"] += status == InboundStatus.PROCESSED
                found["with moment"] += moment_id is not None
    from_inbound = ContactMoment.objects.filter(metadata__has_key="inbound_message")
    twice = from_inbound.values("metadata__inbound_message").annotate(n=Count("id")).filter(n__gt=1)
    messages = InboundMessage.objects.all()
    return {
        "acknowledged": sum(item.messages for item in acknowledged),
        "acknowledged and stored": found["stored"],
        "acknowledged and processed": found["processed"],
        "acknowledged with a contact moment": found["with moment"],
        "inbound messages in all": messages.count(),
        "contact moments from inbound": from_inbound.count(),
        "messages with 2+ contact moments": twice.count(),
        "quarantined": messages.filter(status=InboundStatus.QUARANTINED).count(),
        "still waiting": messages.filter(status=InboundStatus.RECEIVED).count(),
    }


# --- the channels worker --------------------------------------------------------------------


class ChannelWorker:
    """One ``klantbeeld channels work`` process; with ``profile``, under cProfile."""

    def __init__(self, environment: dict[str, str], number: int, profile: Path | None) -> None:
        self.environment = environment
        self.number = number
        self.profile = profile
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = ROOT / "var" / "bench" / f"channels-worker-{number}.log"

    def start(self) -> None:
        command = [sys.executable]
        if self.profile is not None:
            command += ["-m", "cProfile", "-o", str(self.profile)]
        command += [str(Path(sys.executable).with_name("klantbeeld")), "channels", "work"]
        command += ["--idle", "0.2"]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own command)
                command, cwd=ROOT, env=self.environment, stdout=log, stderr=log
            )

    def cpu_seconds(self) -> float:
        return _process_cpu(self.process.pid) if self.process else 0.0

    def stop(self) -> None:
        """TERM: the worker finishes its step and exits (cProfile writes its file); then KILL."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", value.lower()) or "klant"
