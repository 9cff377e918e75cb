"""Shared fixtures: an organisation with its register, employees per role, an accessor."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from klantbeeld.contacts.constants import ActorKind
from klantbeeld.privacy import roles
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.selectors import accessor_for_user, system_accessor
from tests.factories import ActorFactory, PartyFactory, ProviderFactory, TopicFactory, UserFactory


@pytest.fixture(autouse=True)
def _seal_after_every_write(settings):
    """Tests see the chain sealed after each write; the interval is tested on its own."""
    settings.KLANTBEELD_LOG_SEAL_INTERVAL_SECONDS = 0


@pytest.fixture
def provider(db):
    return ProviderFactory(code="gemeente", name="Gemeente Dommelstad")


@pytest.fixture
def other_provider(db):
    return ProviderFactory(code="water", name="Waterbedrijf Rivierland")


@pytest.fixture
def topic(provider):
    return TopicFactory(provider=provider, code="verhuizing", name="Verhuizing")


@pytest.fixture
def front_office(provider):
    """An employee of the front office with an Actor in the KCC team."""
    user = UserFactory(provider=provider, role=roles.FRONT_OFFICE, username="kcc")
    team = ActorFactory(provider=provider, kind=ActorKind.TEAM, name="KCC")
    ActorFactory(provider=provider, user=user, team=team, name=user.get_full_name())
    return user


@pytest.fixture
def specialist(provider):
    """A back-office employee of the Burgerzaken team: sees only that team's customers."""
    user = UserFactory(provider=provider, role=roles.SPECIALIST, username="specialist")
    team = ActorFactory(provider=provider, kind=ActorKind.TEAM, name="Burgerzaken")
    ActorFactory(provider=provider, user=user, team=team, name=user.get_full_name())
    return user


@pytest.fixture
def privacy_officer(provider):
    return UserFactory(provider=provider, role=roles.PRIVACY_OFFICER, username="fg")


@pytest.fixture
def accessor(front_office):
    return accessor_for_user(front_office)


@pytest.fixture
def system(provider):
    return system_accessor(provider=provider, task="test", activities=tuple(Activity))


@pytest.fixture
def party(provider):
    return PartyFactory(provider=provider, given_names="Fatima", surname="el Amrani")


# --- browser tests (pytest-playwright with Debian's Chromium; nothing is downloaded) ----------
# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls there
# are still synchronous, so Django's async-safety guard is lifted for the test process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
    }


# --- no personal data in logs (issue 3) ------------------------------------------------------
# Every log record of the whole suite goes to a file per worker; when the run ends, the
# controlling process scans them all and fails the run if a BSN or a scenario name appears.
LOG_DIR = Path(__file__).resolve().parent / "var" / "test-logs"


def pytest_configure(config):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    if not hasattr(config, "workerinput"):
        for stale in LOG_DIR.glob("*.log"):
            stale.unlink()
    handler = logging.FileHandler(LOG_DIR / f"{worker}.log", encoding="utf-8")
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for logger in (root, logging.getLogger("klantbeeld")):
        logger.addHandler(handler)


def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workerinput"):
        return  # workers write; the controller scans once everything is written
    from tests.log_scan import violations

    found = []
    for log_file in sorted(LOG_DIR.glob("*.log")):
        found += [f"{log_file.name}: {problem}" for problem in violations(log_file.read_text())]
    if found:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "Personal data in the log output:\n  " + "\n  ".join(sorted(set(found))[:20])
        if reporter:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_collection_modifyitems(config, items):
    """Browser tests run last, and `postgres` tests need PostgreSQL.

    pytest-playwright keeps one event loop running in the test thread for the rest of the
    session once a browser test has run; a later test that calls ``async_to_sync`` (the web
    chat's WebSocket tests) would then fail. So `e2e` tests go to the end (the sort is stable,
    and xdist hands tests out in this order). `postgres` tests need DATABASE_URL (.ci/run sets
    it); elsewhere they skip, saying why."""
    items.sort(key=lambda item: "e2e" in item.keywords)
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: DATABASE_URL=postgres://… (run by .ci/run)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
