"""The log scanner finds what it must, and lets ids through."""

import logging

from tests.log_scan import sensitive_names, violations


def test_a_bsn_and_a_scenario_name_are_found():
    assert violations("party created bsn=111222333") == ["BSN-like number 111222333"]
    assert any("Verbeek" in problem for problem in violations("klant Johanna Verbeek gebeld"))


def test_ids_trace_ids_and_other_numbers_pass():
    text = (
        "demo organisation built provider_id=1 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 "
        "party=0b8c1d6e-1a2b-4c3d-8e9f-123456789012 contacts=410 number=123456789"
    )
    assert violations(text) == []  # 123456789 fails the 11-test: not a BSN


def test_the_scenario_names_come_from_the_demo():
    assert "Bosman" in sensitive_names()


def test_the_application_logs_ids_only(caplog, system, party):
    # given / when: a write that logs (the register install and processing are silent; the
    # emergency-access grant logs a warning with ids)
    from klantbeeld.privacy.emergency import emergency_access_grant

    with caplog.at_level(logging.INFO):
        emergency_access_grant(
            accessor=system, data_subject=party.uuid, reason="Klant belt, collega ziek, dringend."
        )

    # then
    assert caplog.records
    assert violations(caplog.text) == []
