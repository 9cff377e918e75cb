"""A live server that speaks WebSocket, for browser tests of the web chat (issue 6).

pytest-django's ``live_server`` is WSGI: it cannot carry the web chat's socket. Channels'
``ChannelsLiveServerTestCase`` is a unittest class (outside pytest-playwright's fixtures) that
refuses SQLite's in-memory test database; it would need ``DATABASES["default"]["TEST"]["NAME"]``
in the settings. So the test starts daphne itself, in a separate process, on the data the test
has just set up:

- SQLite: the test database lives in memory; :func:`database_url` copies it (schema and the
  committed data of a ``transaction=True`` test) into a file with SQLite's backup API;
- PostgreSQL: the server connects to the test database itself (``test_…``), so the test
  process and the server share the data; the server is stopped before pytest-django flushes.

The server process (``python -m klantbeeld.assistant.tests.chat_server``) trains the
organisation's triage model *before* it listens, so the assistant's first answer arrives in
milliseconds, not after a training that takes from seconds to a minute on a busy machine.
It processes a message inline (``KLANTBEELD_CHANNELS_INLINE``) and uses the in-memory channel
layer: the employee's reply (HTTP) and the citizen's socket are in this one process.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

REPO = Path(__file__).resolve().parents[3]
READY_SECONDS = 300.0  # the triage model is trained before the server listens


def database_url(connection: BaseDatabaseWrapper, directory: Path) -> str:
    """A DATABASE_URL for the server that holds what the test process has committed."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        target = directory / "chat-e2e.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return f"sqlite:///{target}"
    if connection.vendor == "postgresql":
        user = quote(settings.get("USER") or "", safe="")
        password = quote(settings.get("PASSWORD") or "", safe="")
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = settings.get("HOST") or "127.0.0.1"
        port = f":{settings['PORT']}" if settings.get("PORT") else ""
        return f"postgres://{credentials}{host}{port}/{quote(settings['NAME'], safe='')}"
    raise NotImplementedError(f"no chat server for the {connection.vendor} database")


def server_environment(database: str, media_root: Path) -> dict[str, str]:
    environment = dict(os.environ)
    # The test process lifts Django's async-safety guard for Playwright; the server must not.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # The assistant through the settings' defaults (the triage hook and the responder).
    environment.pop("KLANTBEELD_TRIAGE_HOOK", None)
    environment.pop("KLANTBEELD_INBOUND_RESPONDER", None)
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database,
            "KLANTBEELD_ENV": "development",
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "KLANTBEELD_CHANNELS_INLINE": "true",
            "KLANTBEELD_REDIS_URL": "",
            "KLANTBEELD_REQUIRE_TWO_FACTOR": "false",
            "KLANTBEELD_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "KLANTBEELD_MEDIA_ROOT": str(media_root),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return environment


class ChatServer:
    """daphne serving config.asgi in a child process; ``url`` once :meth:`start` returned."""

    def __init__(self, *, database: str, organisation: str, directory: Path, log_file: Path):
        self.database = database
        self.organisation = organisation
        self.directory = directory
        self.log_file = log_file
        self.port_file = directory / "chat-server.port"
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""

    def start(self) -> ChatServer:
        self.port_file.unlink(missing_ok=True)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        media = self.directory / "media"
        media.mkdir(exist_ok=True)
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
                [
                    sys.executable,
                    "-m",
                    "klantbeeld.assistant.tests.chat_server",
                    "--organisation",
                    self.organisation,
                    "--port-file",
                    str(self.port_file),
                ],
                cwd=REPO,
                env=server_environment(self.database, media),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.url = f"http://127.0.0.1:{self._port()}"
        self._until_answering()
        return self

    def _port(self) -> int:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            self._check_alive()
            text = self.port_file.read_text() if self.port_file.exists() else ""
            if text.endswith("\n"):
                return int(text)
            time.sleep(0.1)
        raise self._failure(f"no port within {READY_SECONDS:.0f} s")

    def _until_answering(self) -> None:
        page = f"{self.url}/kanalen/webchat/{self.organisation}/"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                with urllib.request.urlopen(page, timeout=5) as response:  # noqa: S310 (local)
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        raise self._failure(f"{page} did not answer 200 within 30 s")

    def _check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise self._failure(f"the server stopped with exit code {self.process.returncode}")

    def _failure(self, what: str) -> RuntimeError:
        tail = self.log_file.read_text(errors="replace")[-4000:] if self.log_file.exists() else ""
        return RuntimeError(f"Chat server: {what}.\n--- {self.log_file} (end) ---\n{tail}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # daphne stops its reactor on SIGTERM
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)


# --- the child process ------------------------------------------------------------------------


def _say(line: str) -> None:
    """A line in the server's log (its stdout), written at once."""
    sys.stdout.write(f"{line}\n")
    sys.stdout.flush()


def _serve(organisation: str, port_file: Path) -> None:
    import daphne.server  # installs Twisted's asyncio reactor before anything imports one
    import django

    django.setup()
    from daphne.access import AccessLogGenerator
    from django.db import connections
    from twisted.internet import reactor

    from config.asgi import application
    from klantbeeld.assistant.versions import triage_model
    from klantbeeld.core.models import Provider

    started = time.monotonic()
    provider = Provider.objects.get(code=organisation)
    if triage_model(provider) is None:
        raise SystemExit(f"{organisation} has no knowledge base: the assistant cannot answer")
    _say(f"triage model ready in {time.monotonic() - started:.1f} s")
    connections.close_all()

    server = daphne.server.Server(
        application=application,
        endpoints=["tcp:port=0:interface=127.0.0.1"],
        action_logger=AccessLogGenerator(sys.stdout),
        signal_handlers=True,
    )

    def announce_port() -> None:
        if not server.listening_addresses:
            reactor.callLater(0.05, announce_port)
            return
        port = server.listening_addresses[0][1]
        partial = port_file.with_suffix(".partial")
        partial.write_text(f"{port}\n")
        partial.replace(port_file)
        _say(f"listening on 127.0.0.1:{port}")

    reactor.callLater(0.05, announce_port)
    server.run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisation", required=True, help="Provider.code to warm up")
    parser.add_argument("--port-file", required=True, type=Path)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    _serve(args.organisation, args.port_file)


if __name__ == "__main__":
    main()
