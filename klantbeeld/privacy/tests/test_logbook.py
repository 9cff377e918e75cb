"""The processing log is tamper-evident: every change, removal or insertion is detected."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command

from klantbeeld.core import clock
from klantbeeld.privacy import logbook
from klantbeeld.privacy.chain import GENESIS
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.logbook import (
    processing_log_prune,
    processing_log_seal,
    processing_log_verify,
)
from klantbeeld.privacy.models import ProcessingLog, ProcessingLogChain
from klantbeeld.privacy.services import processing_log_write
from tests.factories import PartyFactory


@pytest.fixture
def sealed_log(system, provider):
    parties = [PartyFactory(provider=provider) for _ in range(5)]
    processing_log_write(
        accessor=system,
        activity=Activity.CUSTOMER_VIEW,
        operation=Operation.READ,
        subjects=[party.uuid for party in parties],
    )
    processing_log_seal(provider_id=provider.pk)
    return provider


def test_sealing_chains_the_records_in_order(sealed_log):
    # given / when
    records = list(ProcessingLog.objects.order_by("chain_position"))

    # then
    assert [record.chain_position for record in records] == [1, 2, 3, 4, 5]
    assert records[0].previous_hash == GENESIS
    assert all(later.previous_hash == earlier.record_hash for earlier, later in pairwise(records))
    assert processing_log_verify(provider_id=sealed_log.pk).is_intact


def test_a_write_is_sealed_right_after_its_transaction_commits(
    system, provider, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        processing_log_write(
            accessor=system,
            activity=Activity.CUSTOMER_SEARCH,
            operation=Operation.READ,
            subjects=[PartyFactory(provider=provider).uuid],
        )

    # then
    assert ProcessingLog.objects.get().record_hash != ""


def test_one_seal_is_queued_per_transaction(system, provider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        for _ in range(3):
            processing_log_write(
                accessor=system,
                activity=Activity.CUSTOMER_VIEW,
                operation=Operation.READ,
                subjects=[None],
            )
    assert len(callbacks) == 1


def test_under_load_one_seal_per_interval_takes_the_records_of_many_writes(
    system, provider, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """ADR 0002: a seal per interval and process, not per request; cron seals the tail."""
    settings.KLANTBEELD_LOG_SEAL_INTERVAL_SECONDS = 60
    monkeypatch.setattr(logbook, "_last_sealed", {})  # a fresh process
    party = PartyFactory(provider=provider)

    # when: three separate transactions within the interval
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            processing_log_write(
                accessor=system,
                activity=Activity.CUSTOMER_VIEW,
                operation=Operation.READ,
                subjects=[party.uuid],
            )

    # then: the first was sealed at once, the other two wait for the next seal
    assert ProcessingLog.objects.filter(record_hash="").count() == 2
    call_command("privacy", "seal")
    assert ProcessingLog.objects.filter(record_hash="").count() == 0
    assert processing_log_verify(provider_id=provider.pk).is_intact


def test_a_changed_record_is_detected(sealed_log):
    # given: someone with database access edits who looked
    ProcessingLog.objects.filter(chain_position=3).update(actor_id="iemand-anders")

    # when
    result = processing_log_verify(provider_id=sealed_log.pk)

    # then
    assert not result.is_intact
    assert result.broken_at == 3
    assert "content" in result.reason


def test_a_removed_record_is_detected(sealed_log):
    ProcessingLog.objects.filter(chain_position=2).delete()
    result = processing_log_verify(provider_id=sealed_log.pk)
    assert result.broken_at == 3
    assert "missing" in result.reason


def test_a_removed_last_record_is_detected(sealed_log):
    ProcessingLog.objects.filter(chain_position=5).delete()
    result = processing_log_verify(provider_id=sealed_log.pk)
    assert not result.is_intact
    assert "end of the chain" in result.reason


def test_a_rewritten_link_is_detected(sealed_log):
    # given: the record and its hash both rewritten, but the next record still links to the old hash
    record = ProcessingLog.objects.get(chain_position=2)
    record.actor_id = "vervalst"
    record.record_hash = "f" * 64
    record.save()

    # when
    result = processing_log_verify(provider_id=sealed_log.pk)

    # then
    assert result.broken_at == 2


def test_verify_command_exits_with_an_error_on_tampering(sealed_log, capsys):
    # given
    call_command("privacy", "verify")
    assert "intact, 5 sealed records" in capsys.readouterr().out
    ProcessingLog.objects.filter(chain_position=4).update(operation="delete")

    # when / then
    with pytest.raises(CommandError):
        call_command("privacy", "verify")
    assert "BROKEN at chain position 4" in capsys.readouterr().err


def test_pruning_keeps_the_rest_verifiable(sealed_log):
    # given: the first three records are old
    old = clock.now() - timedelta(days=4000)
    for position in (1, 2, 3):
        ProcessingLog.objects.filter(chain_position=position).update(occurred_at=old)
    # re-seal from scratch so the digests cover the changed times
    ProcessingLog.objects.update(record_hash="", previous_hash="", chain_position=None)
    ProcessingLogChain.objects.filter(provider=sealed_log).update(
        last_position=0, last_hash=GENESIS
    )
    processing_log_seal(provider_id=sealed_log.pk)

    # when
    removed = processing_log_prune(
        provider_id=sealed_log.pk, before=clock.now() - timedelta(days=365)
    )

    # then
    assert removed == 3
    assert ProcessingLog.objects.count() == 2
    assert processing_log_verify(provider_id=sealed_log.pk).is_intact


def test_unknown_organisation_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Onbekende organisatie"):
        call_command("privacy", "verify", "--organisation", "bestaat-niet")
