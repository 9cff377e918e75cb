"""Fixtures of the merge and unmerge tests: a functional administrator, an actor, and the
two records of one customer (issue 5, CV-01)."""

import pytest

from klantbeeld.privacy import roles
from klantbeeld.privacy.selectors import accessor_for_user
from tests.factories import ActorFactory, PartyFactory, UserFactory


@pytest.fixture
def admin(provider):
    user = UserFactory(provider=provider, role=roles.FUNCTIONAL_ADMIN, username="beheer")
    return accessor_for_user(user)


@pytest.fixture
def actor(provider):
    return ActorFactory(provider=provider)


@pytest.fixture
def survivor(provider):
    return PartyFactory(provider=provider, given_names="Jan", surname="de Vries")


@pytest.fixture
def duplicate(provider):
    return PartyFactory(provider=provider, given_names="J.", surname="Vries")
