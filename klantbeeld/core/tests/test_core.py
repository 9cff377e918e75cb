"""Core: environment registry and its documentation, trace context, numbering."""

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import Client

from klantbeeld.core import env
from klantbeeld.core.numbering import number_next, numbers_reserve
from klantbeeld.core.tracing import current_trace_id, trace, trace_id_from_header
from tests.factories import ProviderFactory

DOCS = Path(__file__).resolve().parents[3] / "docs" / "configuration.md"


def test_the_configuration_document_lists_every_environment_variable():
    # given: settings were imported, so every variable is registered
    # then: regenerate with `python -m klantbeeld.core.env > docs/configuration.md`
    assert DOCS.read_text() == env.markdown()


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [("true", bool, True), ("0", bool, False), ("42", int, 42), ("a, b,", list, ["a", "b"])],
)
def test_environment_values_are_converted(monkeypatch, raw, kind, expected):
    monkeypatch.setenv("KLANTBEELD_TEST_VALUE", raw)
    assert env.env("KLANTBEELD_TEST_VALUE", None, help="test", kind=kind) == expected
    env.REGISTRY.pop("KLANTBEELD_TEST_VALUE")


def test_a_malformed_environment_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("KLANTBEELD_TEST_VALUE", "misschien")
    with pytest.raises(env.EnvError, match="KLANTBEELD_TEST_VALUE"):
        env.env("KLANTBEELD_TEST_VALUE", False, help="test", kind=bool)
    env.REGISTRY.pop("KLANTBEELD_TEST_VALUE")


def test_a_w3c_traceparent_is_honoured_and_a_bad_one_ignored():
    assert trace_id_from_header("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") == (
        "4bf92f3577b34da6a3ce929d0e0e4736"
    )
    assert trace_id_from_header("00-00000000000000000000000000000000-00f067aa0ba902b7-01") is None
    assert trace_id_from_header("onzin") is None


def test_work_inside_a_trace_shares_its_id():
    with trace() as trace_id:
        assert current_trace_id() == trace_id
    assert current_trace_id() != trace_id


@pytest.mark.django_db
def test_every_response_carries_a_traceparent_continuing_the_callers_trace():
    response = Client().get(
        "/inloggen/", HTTP_TRACEPARENT="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    )
    assert response["traceparent"].startswith("00-4bf92f3577b34da6a3ce929d0e0e4736-")


@pytest.mark.django_db
def test_numbers_count_up_per_organisation_and_name():
    # given
    first, second = ProviderFactory(), ProviderFactory()

    # when / then
    assert number_next(first, "party") == "0000001"
    assert number_next(first, "party") == "0000002"
    assert number_next(second, "party") == "0000001"
    assert number_next(first, "case") == "0000001"
    assert numbers_reserve(first, "party", count=3) == ["0000003", "0000004", "0000005"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_employees_never_get_the_same_number():
    # given
    assert connection.vendor == "postgresql"
    provider = ProviderFactory()

    def reserve(_: int) -> str:
        try:
            return number_next(provider, "contact")
        finally:
            connections.close_all()

    # when: 8 threads, each its own connection and transaction
    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(reserve, range(80)))

    # then
    assert len(set(numbers)) == 80
    assert max(numbers) == "0000080"


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/workspace/klant/Jansen/", "/workspace/klant/[…]/"),
        ("/klantinteracties/api/v1/actoren/jansen", "/klantinteracties/api/v1/actoren/[…]"),
        (
            "/klantinteracties/api/v1/actoren/8f68f76a-94da-416a-b6cd-9d3b9598e6e0",
            "/klantinteracties/api/v1/actoren/8f68f76a-94da-416a-b6cd-9d3b9598e6e0",
        ),
        ("/kanalen/balie/gemeente/afspraak/", "/kanalen/balie/gemeente/afspraak/"),
    ],
)
def test_a_name_where_an_id_belongs_is_masked_and_our_own_routes_are_not(path, logged):
    from klantbeeld.core.logging import mask

    assert mask(f"Not Found: {path}") == f"Not Found: {logged}"


def test_a_bsn_or_e_mail_address_in_a_logged_path_is_masked(caplog):
    from klantbeeld.core.logging import MaskPersonalData

    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Bad Request: %s",
        ("/klantinteracties/api/v1/partijen/111222333?adres=jan@example.nl",),
        None,
    )

    MaskPersonalData().filter(record)

    assert (
        record.getMessage() == "Bad Request: /klantinteracties/api/v1/partijen/[…]?adres=[e-mail]"
    )
