"""The open-loop client of the channels benchmark (``bench/channels.py``): request *i* is due at
*start + i / rate*, whatever the answers do; one forked process with a thread per connection.
Latency counts from when a request was due; a request reached more than 5 s late is not sent.
"""

from __future__ import annotations

import http.client
import multiprocessing
import resource
import threading
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bench.api_load import percentile

if TYPE_CHECKING:
    from bench.channels_load import Planned

ACKNOWLEDGED = (200, 202)
# A request its client thread reaches this long after it was due is not sent: the run stays
# as long as planned, and what the server could not take shows as "never sent".
GIVE_UP_SECONDS = 5.0

# --- the open-loop client -------------------------------------------------------------------


@dataclass
class LoadResult:
    """Per planned request: status (0: no HTTP answer, -1: never sent) and latency from due."""

    statuses: array = field(default_factory=lambda: array("h"))
    latencies_ms: array = field(default_factory=lambda: array("d"))
    late_ms: array = field(default_factory=lambda: array("d"))  # sent this long after due
    cpu_seconds: float = 0.0
    started: float = 0.0  # perf_counter of the first due time
    last_answered: float = 0.0
    error_samples: list[str] = field(default_factory=list)

    def by_status(self) -> Counter[int]:
        return Counter(self.statuses)

    @property
    def answered(self) -> int:
        return sum(1 for status in self.statuses if status > 0)

    @property
    def answered_per_second(self) -> float:
        seconds = self.last_answered - self.started
        return self.answered / seconds if seconds > 0 else 0.0

    def latency(self, percent: float) -> float:
        ordered = sorted(
            latency
            for latency, status in zip(self.latencies_ms, self.statuses, strict=True)
            if status > 0
        )
        return percentile(ordered, percent)


def load_start(port: int, plan: list[Planned], rate: float, clients: int) -> tuple[Any, Any, float]:
    """Run the plan from a forked process (the caller has closed its database connections):
    (process, queue, start); the queue yields the :class:`LoadResult` at the end."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start = time.perf_counter() + 0.5
    child = context.Process(target=_child, args=(port, plan, rate, clients, start, queue))
    child.start()
    return child, queue, start


def _child(port: int, plan: list[Planned], rate: float, clients: int, start: float, queue) -> None:
    result = LoadResult(
        statuses=array("h", [-1]) * len(plan),
        latencies_ms=array("d", [0.0]) * len(plan),
        late_ms=array("d", [0.0]) * len(plan),
        started=start,
    )
    cpu_before = _cpu_seconds()
    claim = _Counter()
    threads = [
        threading.Thread(target=_client, args=(port, plan, rate, start, claim, result))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.cpu_seconds = _cpu_seconds() - cpu_before
    queue.put(result)


class _Counter:
    def __init__(self) -> None:
        self._next = 0
        self._lock = threading.Lock()

    def take(self) -> int:
        with self._lock:
            self._next += 1
            return self._next - 1


def _client(
    port: int, plan: list[Planned], rate: float, start: float, claim: _Counter, result: LoadResult
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    common = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    while (index := claim.take()) < len(plan):
        due = start + plan[index].due
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        if -wait > GIVE_UP_SECONDS:
            continue  # the client fell this far behind: left unsent (status -1), not queued
        item = plan[index]
        result.late_ms[index] = (time.perf_counter() - due) * 1000
        try:
            connection.request(
                "POST", item.path, body=item.body, headers={**common, **item.headers}
            )
            response = connection.getresponse()
            status, body = response.status, response.read()
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            status, body = 0, f"{type(error).__name__}: {error}".encode()
        now = time.perf_counter()
        result.latencies_ms[index] = (now - due) * 1000
        result.statuses[index] = status
        result.last_answered = max(result.last_answered, now)
        if status not in ACKNOWLEDGED and len(result.error_samples) < 3:
            result.error_samples.append(f"{item.path} -> {status} {body[:300]!r}")
    connection.close()


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
