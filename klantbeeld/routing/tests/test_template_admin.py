"""The B1 check in the reply-template admin (issue 6, item 5; TONE-02): the changelist shows
each template's language level, the change form the verdict with its hints."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from klantbeeld.routing.models import ReplyTemplate

pytestmark = pytest.mark.django_db

LEGALESE = (
    "Geachte {naam}, inzake uw verzoek d.d. 3 november jl. wordt u middels dit schrijven "
    "medegedeeld dat de door u ingediende aanvraag conform de vigerende regelgeving derhalve "
    "niet in behandeling kan worden genomen."
)
PLAIN = "Beste {naam}, wij hebben uw bericht gekregen. U hoort binnen twee dagen van ons."


def test_a_template_in_legalese_shows_above_b1_and_its_hints_on_the_change_page(
    admin_client, provider
):
    # given
    template = ReplyTemplate.objects.create(provider=provider, title="Afwijzing", body=LEGALESE)

    # when
    page = admin_client.get(
        reverse("admin:routing_replytemplate_change", args=[template.pk])
    ).content.decode()

    # then: the hints are escaped, quotes included
    hint = escape("Vervang 'middels' door 'met' of 'door'.")
    assert "<strong>boven B1</strong>" in page
    assert f"<li>{hint}</li>" in page
    assert "'middels'" not in page


def test_a_plain_template_shows_b1_in_the_changelist(admin_client, provider):
    # given
    ReplyTemplate.objects.create(provider=provider, title="Ontvangen", body=PLAIN)

    # when
    page = admin_client.get(reverse("admin:routing_replytemplate_changelist")).content.decode()

    # then
    assert '<td class="field-language_level">B1</td>' in page
