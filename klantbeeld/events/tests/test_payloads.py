"""Bodies, signatures and back-off, without the database (payloads is a rule module)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

from klantbeeld.events.payloads import (
    Event,
    cloudevent,
    encode,
    notificaties_body,
    retry_delay,
    signature,
)

PARTY_URL = (
    "https://klant.example.nl/klantinteracties/api/v1/partijen/6f1c7e52-0d8a-4c55-9b7e-3a0f6f1e2b44"
)
EVENT = Event(
    id=UUID("0b9a3f4e-5d1c-4c7e-8f6a-2b3c4d5e6f70"),
    kanaal="partijen",
    resource="partij",
    resource_url=PARTY_URL,
    main_url=PARTY_URL,
    action="update",
    created_at=datetime(2025, 3, 1, 10, 30, tzinfo=timezone(timedelta(hours=1))),
    kenmerken={"soortPartij": "persoon"},
)


def test_notificaties_body_has_the_fields_of_the_standard_with_utc_time():
    # when
    body = notificaties_body(EVENT)

    # then
    assert body == {
        "kanaal": "partijen",
        "hoofdObject": PARTY_URL,
        "resource": "partij",
        "resourceUrl": PARTY_URL,
        "actie": "update",
        "aanmaakdatum": "2025-03-01T09:30:00Z",
        "kenmerken": {"soortPartij": "persoon"},
    }


def test_cloudevent_follows_the_nl_gov_profile():
    # when
    event = cloudevent(EVENT, source="https://klant.example.nl/klantinteracties/api/v1")

    # then
    assert event["specversion"] == "1.0"
    assert event["type"] == "nl.klantbeeld.partijen.update"
    assert event["source"] == "https://klant.example.nl/klantinteracties/api/v1"
    assert event["id"] == "0b9a3f4e-5d1c-4c7e-8f6a-2b3c4d5e6f70"
    assert event["time"] == "2025-03-01T09:30:00Z"
    assert event["subject"] == "6f1c7e52-0d8a-4c55-9b7e-3a0f6f1e2b44"
    assert event["datacontenttype"] == "application/json"
    assert event["data"] == notificaties_body(EVENT)


def test_signature_is_the_hmac_a_receiver_recomputes_over_the_raw_body():
    # given
    body = encode(notificaties_body(EVENT))

    # when
    header = signature(body, "gedeeld-geheim")

    # then
    expected = hmac.new(b"gedeeld-geheim", body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(header, f"sha256={expected}")
    assert header != signature(body, "ander-geheim")
    assert header != signature(body + b" ", "gedeeld-geheim")


def test_encoding_is_compact_utf8_json():
    # when
    body = encode({"kenmerken": {"kanaal": "één"}})

    # then
    assert body == '{"kenmerken":{"kanaal":"één"}}'.encode()
    assert json.loads(body) == {"kenmerken": {"kanaal": "één"}}


def test_retry_delay_doubles_from_the_base_and_stops_at_the_cap():
    # when
    delays = [retry_delay(n, base_seconds=30, cap_seconds=3600, jitter=1.0) for n in range(1, 10)]

    # then
    assert [delay.total_seconds() for delay in delays] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]


def test_retry_delay_is_spread_by_the_jitter_factor():
    # when
    early = retry_delay(3, base_seconds=30, cap_seconds=3600, jitter=0.8)
    late = retry_delay(3, base_seconds=30, cap_seconds=3600, jitter=1.2)

    # then
    assert early == timedelta(seconds=96)
    assert late == timedelta(seconds=144)


def test_timestamps_are_never_naive_or_local():
    # given
    utc_event = Event(**{**EVENT.__dict__, "created_at": datetime(2025, 1, 1, tzinfo=UTC)})

    # when / then
    assert notificaties_body(utc_event)["aanmaakdatum"] == "2025-01-01T00:00:00Z"
