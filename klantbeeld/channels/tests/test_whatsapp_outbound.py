"""WhatsApp statuses and replies: never backwards, the 24-hour window (issue 5; WA-01, WA-04, CH-09).

Replies go to a fake Graph API that is a real HTTP server speaking the Cloud API's JSON.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from klantbeeld.channels.adapters import SendFailed
from klantbeeld.channels.constants import InboundKind, InboundStatus, OutboundStatus
from klantbeeld.channels.models import InboundMessage
from klantbeeld.channels.outbound import outbound_deliver_once
from klantbeeld.channels.tests.whatsapp_support import (  # noqa: F401 (fixtures by name)
    WA_ID,
    account_fixture,
    anna_fixture,
    envelope,
    graph_fixture,
    outbound_for,
    post_fixture,
    status,
    stored,
    text,
)
from klantbeeld.channels.whatsapp.adapter import message_send
from klantbeeld.core import clock

pytestmark = pytest.mark.django_db

# --- statuses ----------------------------------------------------------------------------------


def test_statuses_move_our_message_forward_and_a_late_delivered_does_not_move_it_back(
    post, account
):
    # given
    outbound = outbound_for(account, status=OutboundStatus.SENT, sent_at=clock.now())
    # when: read arrives before delivered (Meta does not order its reports)
    post(envelope(statuses=[status("wamid.OUT1", "sent")]))
    post(envelope(statuses=[status("wamid.OUT1", "read")]))
    outbound.refresh_from_db()
    assert outbound.status == OutboundStatus.READ
    post(envelope(statuses=[status("wamid.OUT1", "delivered")]))
    # then
    outbound.refresh_from_db()
    assert outbound.status == OutboundStatus.READ
    assert outbound.delivered_at is not None
    assert outbound.read_at is not None
    reports = InboundMessage.objects.filter(kind=InboundKind.STATUS)
    assert sorted(reports.values_list("external_id", flat=True)) == [
        "wamid.OUT1:delivered",
        "wamid.OUT1:read",
        "wamid.OUT1:sent",
    ]
    assert set(reports.values_list("status", flat=True)) == {InboundStatus.PROCESSED}


def test_a_failed_status_records_the_error(post, account):
    outbound = outbound_for(account, status=OutboundStatus.SENT)
    errors = [
        {
            "code": 131026,
            "title": "Message undeliverable",
            "message": "Message undeliverable",
            "error_data": {"details": "Receiver is incapable of receiving this message"},
        }
    ]
    post(envelope(statuses=[status("wamid.OUT1", "failed", errors=errors)]))
    outbound.refresh_from_db()
    assert outbound.status == OutboundStatus.FAILED
    assert "131026" in outbound.error
    assert "incapable" in outbound.error


def test_a_status_for_a_message_we_do_not_know_is_kept_in_quarantine(post, account):
    post(envelope(statuses=[status("wamid.ONBEKEND", "delivered")]))
    kept = stored("wamid.ONBEKEND:delivered")
    assert kept.status == InboundStatus.QUARANTINED


# --- replies and the 24-hour window ------------------------------------------------------------


def test_a_reply_inside_the_window_is_free_text_in_reply_to_the_message(post, account, anna, graph):
    # given: the customer wrote an hour ago
    post(
        envelope(
            messages=[text("wamid.L1", "Klopt mijn adres?", at=clock.now() - timedelta(hours=1))]
        )
    )
    outbound = outbound_for(account, wamid="", references=["wamid.L1"])
    # when
    result = message_send(outbound)
    # then
    [sent] = graph.sent()
    assert sent["type"] == "text"
    assert sent["to"] == WA_ID
    assert sent["text"]["body"] == "Uw container wordt morgen geleegd."
    assert sent["context"] == {"message_id": "wamid.L1"}
    assert result.external_id.startswith("wamid.")
    assert result.details["mode"] == "text"


def test_a_reply_outside_the_window_uses_the_template(post, account, anna, graph):
    post(envelope(messages=[text("wamid.M1", "Hallo", at=clock.now() - timedelta(hours=25))]))
    outbound = outbound_for(account, wamid="")
    outbound.body = "Uw aanvraag is\nontvangen."
    result = message_send(outbound)
    [sent] = graph.sent()
    assert sent["type"] == "template"
    assert sent["template"]["name"] == "antwoord_klantcontact"
    assert sent["template"]["language"] == {"code": "nl"}
    parameters = sent["template"]["components"][0]["parameters"]
    assert parameters == [{"type": "text", "text": "Uw aanvraag is ontvangen."}]
    assert result.details["mode"] == "template"
    assert result.details["window_open"] is False


def test_outside_the_window_without_a_template_the_reply_fails_permanently(account):
    account.settings.pop("template_name")
    account.save()
    with pytest.raises(SendFailed) as failure:
        message_send(outbound_for(account, wamid=""))
    assert failure.value.permanent


def test_a_graph_refusal_is_permanent_and_a_server_error_is_worth_a_retry(post, account, graph):
    post(envelope(messages=[text("wamid.N1", "Hallo")]))
    graph.refuse(400, 131030, "Recipient phone number not in allowed list")
    with pytest.raises(SendFailed) as refused:
        message_send(outbound_for(account, wamid=""))
    assert refused.value.permanent
    assert "131030" in refused.value.detail
    graph.refuse(503, 2, "Service temporarily unavailable")
    with pytest.raises(SendFailed) as unavailable:
        message_send(outbound_for(account, wamid=""))
    assert not unavailable.value.permanent


def test_a_delivered_reply_gets_its_wamid_and_the_customers_answer_continues_the_conversation(
    post, account, anna, graph
):
    # given: the customer wrote, we answered through the outbound dispatcher
    post(envelope(messages=[text("wamid.P1", "Is mijn paspoort klaar?")]))
    first = stored("wamid.P1")
    outbound = outbound_for(account, wamid="", conversation=first.conversation)
    assert outbound_deliver_once(outbound.pk) == OutboundStatus.SENT
    outbound.refresh_from_db()
    assert outbound.external_id.startswith("wamid.NEP")
    assert outbound.details["mode"] == "text"
    # when: Meta reports it delivered and the customer replies to it
    post(envelope(statuses=[status(outbound.external_id, "delivered")]))
    post(envelope(messages=[text("wamid.P2", "Dank u!", context=outbound.external_id)]))
    # then
    outbound.refresh_from_db()
    assert outbound.status == OutboundStatus.DELIVERED
    answer = stored("wamid.P2")
    assert answer.references == [outbound.external_id]
    assert answer.conversation == first.conversation
