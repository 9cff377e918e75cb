"""Fixtures for API tests: tokens per scope and clients that send them."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from klantbeeld.api.services import token_issue
from klantbeeld.events.tests.conftest import subscribe  # noqa: F401 (a fixture, shared)

BASE = "/klantinteracties/api/v1"


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api(provider):
    """A client of a source system with read and write scopes."""
    issued = token_issue(
        provider=provider, application_name="zaaksysteem", scopes={"lezen", "schrijven"}
    )
    return client_with(issued.key)


@pytest.fixture
def api_read_only(provider):
    issued = token_issue(provider=provider, application_name="portaal", scopes={"lezen"})
    return client_with(issued.key)


@pytest.fixture
def other_api(other_provider):
    issued = token_issue(
        provider=other_provider, application_name="crm", scopes={"lezen", "schrijven"}
    )
    return client_with(issued.key)
