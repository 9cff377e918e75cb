"""A lean HTTP load generator for the API benchmark: N client processes, each one keep-alive
connection, each sending its next request as soon as the previous answer is read.

No Django here: the clients are forked from the benchmark process before they start, hold only
the request recipe, and send back their latencies, status counts, a few error samples and the
CPU time they used themselves, so the report can say what the load generator cost the machine
the server shares with it. ``http.client`` reconnects by itself when the server closes the
connection after an answer (gunicorn's sync workers do), and the reconnect is timed with the
request, as a real client would feel it.
"""

from __future__ import annotations

import http.client
import math
import multiprocessing
import random
import resource
import time
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

Request = tuple[str, str, bytes | None]  # method, path with query, body
Recipe = Callable[[random.Random], Request]
ERROR_SAMPLES = 3
ERROR_BODY_CHARS = 300


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    headers: dict[str, str]


@dataclass
class ClientResult:
    latencies_ms: array = field(default_factory=lambda: array("d"))
    statuses: Counter[int] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0
    first_sent: float = 0.0
    last_answered: float = 0.0


@dataclass
class RunResult:
    """All clients of one run together; latencies in ms, nearest-rank percentiles."""

    clients: int
    requests: int
    p50: float
    p95: float
    p99: float
    max: float
    statuses: Counter[int]  # 0: no HTTP answer (refused, reset, timed out)
    error_samples: list[str]
    cpu_seconds: float  # of the load generator
    wall_seconds: float
    tool: str

    @property
    def errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if not 200 <= status < 300)

    @property
    def per_second(self) -> float:
        return self.requests / self.wall_seconds if self.wall_seconds else 0.0


def percentile(ordered: list[float], percent: float) -> float:
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def send(
    connection: http.client.HTTPConnection, target: Target, request: Request
) -> tuple[int, bytes]:
    method, path, body = request
    headers = (
        target.headers if body is None else {**target.headers, "Content-Type": "application/json"}
    )
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def client_loop(
    target: Target, recipe: Recipe, seed: int, start: float, seconds: float
) -> ClientResult:
    """Requests back to back from ``start`` until ``start + seconds`` (``perf_counter``, which
    forked children share with their parent); a request begun before the end is counted."""
    rng = random.Random(seed)
    result = ClientResult()
    connection = http.client.HTTPConnection(target.host, target.port, timeout=30)
    cpu_before = _cpu_seconds()
    while time.perf_counter() < start:
        time.sleep(0.001)
    deadline = start + seconds
    result.first_sent = time.perf_counter()
    while True:
        request = recipe(rng)  # a few microseconds, outside the timed part
        began = time.perf_counter()
        if began >= deadline:
            break
        status, body = _timed_send(connection, target, request)
        result.latencies_ms.append((time.perf_counter() - began) * 1000)
        result.statuses[status] += 1
        if not 200 <= status < 300 and len(result.error_samples) < ERROR_SAMPLES:
            excerpt = body[:ERROR_BODY_CHARS].decode("utf-8", "replace")
            result.error_samples.append(f"{request[0]} {request[1]} -> {status} {excerpt}")
    result.last_answered = time.perf_counter()
    result.cpu_seconds = _cpu_seconds() - cpu_before
    connection.close()
    return result


def _timed_send(
    connection: http.client.HTTPConnection, target: Target, request: Request
) -> tuple[int, bytes]:
    """Status 0 for a transport failure (refused, reset, timeout); the connection is redone."""
    try:
        return send(connection, target, request)
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        return 0, f"{type(error).__name__}: {error}".encode()


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child(target: Target, recipe: Recipe, seed: int, start: float, seconds: float, queue) -> None:
    try:
        queue.put(client_loop(target, recipe, seed, start, seconds))
    except BaseException as error:  # the parent must hear back from every child
        failed = ClientResult()
        failed.statuses[0] = 1
        failed.latencies_ms.append(0.0)
        failed.error_samples.append(f"client crashed: {type(error).__name__}: {error}")
        queue.put(failed)


def run(target: Target, recipe: Recipe, *, clients: int, seconds: float, seed: int) -> RunResult:
    """``clients`` processes forked from this one, started together after a short delay.

    The caller closes its database connections first: a forked child must not share them.
    """
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start = time.perf_counter() + 0.3 + 0.02 * clients  # every child forked and connected
    children = [
        context.Process(
            target=_child, args=(target, recipe, seed * 1000 + number, start, seconds, queue)
        )
        for number in range(clients)
    ]
    for child in children:
        child.start()
    results = [queue.get(timeout=seconds + 120) for _ in children]
    for child in children:
        child.join(timeout=10)
    return _combined(clients, results)


def _combined(clients: int, results: list[ClientResult]) -> RunResult:
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    samples: list[str] = []
    for result in results:
        statuses.update(result.statuses)
        latencies.extend(result.latencies_ms)
        samples.extend(result.error_samples)
    latencies.sort()
    began = min((r.first_sent for r in results if r.first_sent), default=0.0)
    ended = max((r.last_answered for r in results), default=0.0)
    return RunResult(
        clients=clients,
        requests=len(latencies),
        p50=percentile(latencies, 50),
        p95=percentile(latencies, 95),
        p99=percentile(latencies, 99),
        max=latencies[-1] if latencies else 0.0,
        statuses=statuses,
        error_samples=samples[:ERROR_SAMPLES],
        cpu_seconds=sum(result.cpu_seconds for result in results),
        wall_seconds=max(ended - began, 0.0),
        tool="python",
    )


def wait_until_answering(target: Target, path: str, timeout: float) -> int:
    """The status of the first answer to GET ``path``; TimeoutError if none comes in time."""
    deadline = time.monotonic() + timeout
    while True:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=5)
        try:
            return send(connection, target, ("GET", path, None))[0]
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no answer from {target.host}:{target.port}{path}") from None
            time.sleep(0.2)
        finally:
            connection.close()


def one(target: Target, request: Request) -> tuple[int, bytes]:
    """A single request on a fresh connection, for checks outside the measured runs."""
    connection = http.client.HTTPConnection(target.host, target.port, timeout=30)
    try:
        return send(connection, target, request)
    finally:
        connection.close()
