"""Contract test against the OFFICIAL Klantinteracties spec, not ours (issue 4, item 4).

schemathesis generates valid and invalid requests for every operation of the published
document (``docs/api/official/openklant-klantinteracties-openapi.yaml``) and sends them to a
live server with a seeded organisation. Every response must be either

(a) a status the official spec documents (200/201/204) with a body that validates against the
    official response schema, the ``API-version`` header it declares and its content type; or
(b) an error the API rules define: 400 with a ``ValidatieFout`` body whose ``invalidParams`` is
    non-empty (a ``Fout`` with code ``parse_error`` when the body is no JSON object), or 401,
    403, 404, 409 with a ``Fout`` body, all as ``application/problem+json``.

Any 5xx, any other status, or a problem body of the wrong shape is a failure; so is a 2xx for
invalid data (``negative_data_rejection``). The spec documents no error responses at all, so a
literal "undocumented status code" check would flag every legitimate 400/404: (b) is that check,
made precise (``tests/contract/hooks.py``). See docs/api/contract-test.md.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks

from tests.contract.conftest import official_schema
from tests.contract.hooks import error_follows_api_rules

pytestmark = pytest.mark.slow

CHECKS = [
    not_a_server_error,
    checks.response_schema_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.negative_data_rejection,
    error_follows_api_rules,
]

schema = official_schema()


@schema.parametrize()
# One seeded server per operation, shared by that operation's examples on purpose: the rows
# the examples create or delete are the state the next example meets.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_operation_answers_as_the_official_spec_or_the_error_rules(case, contract_api):
    case.call_and_validate(
        base_url=contract_api.base_url, headers=contract_api.headers, checks=CHECKS
    )
