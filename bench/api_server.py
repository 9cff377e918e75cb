"""The application under gunicorn on 127.0.0.1, as it is deployed, for the API benchmark.

Production settings (``KLANTBEELD_ENV=production``, ``DEBUG`` off, a throw-away secret key);
the clients send ``X-Forwarded-Proto: https`` as the TLS-terminating proxy in front of a real
deployment would, so the HTTPS redirect stays on and is not what gets measured. The server
writes its log to ``var/bench/api-gunicorn.log``. Only the process started here is stopped.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG_PATH = ROOT / "var" / "bench" / "api-gunicorn.log"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ServerOptions:
    workers: int
    threads: int
    database_url: str
    port: int = 0  # 0: a free port

    @property
    def description(self) -> str:
        if self.threads > 1:
            return f"gunicorn, {self.workers} workers x {self.threads} threads (gthread)"
        return f"gunicorn, {self.workers} sync workers"


class Server:
    def __init__(self, options: ServerOptions) -> None:
        self.options = options
        self.port = options.port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
        log = LOG_PATH.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn, our arguments)
            self.command(), cwd=ROOT, env=self.environment(), stdout=log, stderr=log
        )
        log.close()

    def command(self) -> list[str]:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        options = self.options
        command = [
            str(gunicorn),
            "config.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={options.workers}",
            "--worker-class=" + ("gthread" if options.threads > 1 else "sync"),
            "--timeout=60",
            "--graceful-timeout=10",
        ]
        if options.threads > 1:
            command.append(f"--threads={options.threads}")
        return command

    def environment(self) -> dict[str, str]:
        environment = dict(os.environ)
        environment.update(
            DATABASE_URL=self.options.database_url,
            DJANGO_SETTINGS_MODULE="config.settings",
            KLANTBEELD_ENV="production",
            DJANGO_DEBUG="false",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            PYTHONUNBUFFERED="1",
        )
        return environment

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def cpu_seconds(self) -> float:
        """CPU time of the gunicorn master and its workers so far (Linux ``/proc``)."""
        if not self.running() or self.process is None:
            return 0.0
        return sum(_process_cpu(pid) for pid in [self.process.pid, *_children(self.process.pid)])

    def wait_idle(self, timeout: float = 120.0) -> None:
        """Until the workers have used no CPU for half a second: nothing left in flight."""
        deadline = time.monotonic() + timeout
        last = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_seconds()
            if now - last < 0.02:
                return
            last = now

    def stop(self) -> None:
        """TERM (gunicorn's graceful stop), then KILL after 20 s; this process only."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def machine_cpu_seconds() -> float:
    """CPU time every process on the machine has used (``/proc/stat``: all but idle, iowait)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    ticks = [int(value) for value in fields[:8]]
    return (sum(ticks) - ticks[3] - ticks[4]) / CLOCK_TICKS


def postgres_cpu_seconds() -> float:
    """CPU time of every PostgreSQL process so far (its server and backends; SQLite instead
    runs inside the workers and counts as theirs)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, _, rest = text.partition(" (")[2].rpartition(") ")
        if name == "postgres":
            total += _ticks(rest.split()) / CLOCK_TICKS
    return total


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _process_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return _ticks(fields) / CLOCK_TICKS


def _ticks(fields: list[str]) -> int:
    """utime, stime, and cutime, cstime: the time of children already ended and reaped
    (a gunicorn worker restarted, a PostgreSQL backend closed) stays counted."""
    return sum(int(value) for value in fields[11:15])
