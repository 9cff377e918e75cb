"""A BSN or a name a caller put in a URL does not reach the log (STYLE.md: no personal data
in logs)."""

from __future__ import annotations

import logging

from klantbeeld.api.tests.conftest import BASE


def test_a_bsn_in_a_refused_url_is_masked_in_the_request_log(api, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = api.get(f"{BASE}/partijen/111222333")

    assert response.status_code == 400
    assert "111222333" not in caplog.text
    assert "/partijen/[…]" in caplog.text


def test_a_name_in_place_of_an_id_is_masked_in_the_request_log(api, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = api.get(f"{BASE}/actoren/Leeuwen")

    assert response.status_code == 400
    assert "Leeuwen" not in caplog.text
    assert "/actoren/[…]" in caplog.text
