"""The live server with a seeded organisation, and the official spec loaded for it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests
import schemathesis

from klantbeeld.api.base import API_PREFIX
from klantbeeld.api.services import token_issue
from tests.contract.hooks import (
    CURRENT,
    ExistingRows,
    discriminators_pinned,
    flatmap_case_with,
    load_spec,
    reference_fields,
)
from tests.contract.seed import Seeded, seed_through_api
from tests.factories import ProviderFactory

# Bounded so the whole run stays within a few minutes on two cores (docs/api/contract-test.md).
MAX_EXAMPLES = 12
SEED = 20240401
# Rejections of the API rules; a 2xx (or anything else) for invalid data is a failure.
NEGATIVE_REJECTIONS = ["400", "401", "403", "404", "409"]


def official_schema() -> schemathesis.BaseSchema:
    """The official document with the run's bounds; the base URL comes from the live server."""
    spec = discriminators_pinned(load_spec())
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {
                "mode": "all",
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                # The token is the harness's (401/403 are the API tests' job): a generated or
                # removed Authorization header would be overridden and misread as accepted.
                "with-security-parameters": False,
            },
            "phases": {
                "examples": {"enabled": False},
                "coverage": {"enabled": False},
                "fuzzing": {"enabled": True},
            },
            "checks": {"negative_data_rejection": {"expected-statuses": NEGATIVE_REJECTIONS}},
        }
    )
    schema = schemathesis.openapi.from_dict(spec, config=config)
    schema.hook(flatmap_case_with(CURRENT))  # registered under its name: flatmap_case
    return schema


@dataclass(frozen=True)
class ContractApi:
    base_url: str
    headers: dict[str, str]
    seeded: Seeded


@pytest.fixture
def contract_api(live_server, transactional_db) -> Iterator[ContractApi]:
    """A live server with one organisation, a read-write token and one row of each resource."""
    base_url = live_server.url + API_PREFIX
    provider = ProviderFactory(code="contract", name="Gemeente Contracttest")
    issued = token_issue(
        provider=provider, application_name="contracttest", scopes={"lezen", "schrijven"}
    )
    session = requests.Session()
    session.headers["Authorization"] = f"Token {issued.key}"
    seeded = seed_through_api(session, base_url)
    CURRENT.rows = ExistingRows(session, base_url, reference_fields(load_spec()))
    yield ContractApi(base_url=base_url, headers=dict(session.headers), seeded=seeded)
    CURRENT.rows = None
    session.close()
