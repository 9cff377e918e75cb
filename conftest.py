"""Shared fixtures: an organisation with its register, employees per role, an accessor."""

from __future__ import annotations

import os

import pytest

from klantbeeld.contacts.constants import ActorKind
from klantbeeld.privacy import roles
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.selectors import accessor_for_user, system_accessor
from tests.factories import ActorFactory, PartyFactory, ProviderFactory, TopicFactory, UserFactory


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
