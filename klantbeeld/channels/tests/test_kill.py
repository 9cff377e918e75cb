"""Durability: kill the worker with SIGKILL halfway through 10,000 messages, start it again,
and prove that none is lost and none is processed twice (issue 5, item 1).

The worker and the seeding run as separate processes against a database of their own (a
SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL), because a
killed process is the point.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

MESSAGES = 10_000
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def database_url(tmp_path: Path):
    """A database of the worker's own: a SQLite file, or a PostgreSQL database dropped after."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        yield f"sqlite:///{tmp_path / 'kill.sqlite3'}"
        return
    import psycopg

    base = settings.DATABASES["default"]
    host, port, user = base["HOST"] or "127.0.0.1", base["PORT"] or 5432, base["USER"]
    name = f"klantbeeld_kill_{os.getpid()}"
    dsn = f"host={host} port={port} user={user} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{user}@{host}:{port}/{name}"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _count(env: dict[str, str]) -> dict[str, int]:
    return json.loads(_run(env, "-m", "klantbeeld.channels.tests.kill_support", "count"))


def test_a_worker_killed_halfway_loses_nothing_and_duplicates_nothing(tmp_path, database_url):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "KLANTBEELD_CHANNELS_INLINE": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "KLANTBEELD_LOG_SEAL_INTERVAL_SECONDS": "1",
    }
    manage = [str(ROOT / "manage.py")]
    _run(env, *manage, "migrate", "--noinput")
    _run(env, "-m", "klantbeeld.channels.tests.kill_support", "seed", str(MESSAGES))
    assert _count(env)["waiting"] == MESSAGES

    log = (tmp_path / "worker.log").open("wb")  # a pipe nobody reads would block the worker
    worker = subprocess.Popen(  # noqa: S603 (our own command)
        [sys.executable, *manage, "channels", "work", "--idle", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        time.sleep(2)
        if _count(env)["processed"] >= MESSAGES // 3:
            break
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    log.close()
    halfway = _count(env)
    assert 0 < halfway["processed"] < MESSAGES, halfway

    _run(env, *manage, "channels", "work", "--drain")

    after = _count(env)
    assert after["messages"] == MESSAGES
    assert after["processed"] == MESSAGES, after  # 0 lost
    assert after["waiting"] == 0
    assert after["quarantined"] == 0
    assert after["contact_moments"] == MESSAGES  # 0 duplicated
    assert after["linked"] == MESSAGES
    assert after["duplicated"] == 0
