"""The composer's B1 check (issue 6, item 5): a verdict with concrete hints while typing,
for employees only, and a clear answer for a draft that is too long."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("workspace:inbox_plain_language")
LEGALESE = (
    "Inzake uw verzoek d.d. 3 november jl. wordt u middels dit schrijven medegedeeld dat de "
    "door u ingediende aanvraag conform de vigerende regelgeving derhalve niet in behandeling "
    "kan worden genomen, alsmede dat de invorderingsrente onverwijld verschuldigd is."
)


def test_a_plain_answer_is_b1(client, front_office):
    client.force_login(front_office)
    response = client.post(
        URL, {"body": "Wij hebben uw bericht gekregen. U hoort binnen twee dagen van ons."}
    )

    assert response.status_code == 200
    assert "Taalniveau: B1" in response.content.decode()


def test_legalese_gets_concrete_hints(client, front_office):
    client.force_login(front_office)
    page = client.post(URL, {"body": LEGALESE}).content.decode()

    assert "Taalniveau: boven B1" in page
    assert "inzake" in page.lower()  # a jargon hint names the word
    assert "kb-badge--warning" in page


def test_an_empty_draft_asks_to_write(client, front_office):
    client.force_login(front_office)
    page = client.post(URL, {"body": "  "}).content.decode()
    assert "Schrijf uw antwoord" in page


def test_a_draft_that_is_too_long_gets_a_clear_400(client, front_office):
    client.force_login(front_office)
    response = client.post(URL, {"body": "woord " * 5000})
    assert response.status_code == 400
    assert "te lang" in response.content.decode()


def test_only_employees_use_the_check(client):
    response = client.post(URL, {"body": "Hallo"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
