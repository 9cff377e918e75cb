"""``klantbeeld assistant export|publish|plain-check|sweep`` (issue 6)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from klantbeeld.assistant.knowledge import packaged_knowledge_text
from klantbeeld.assistant.models import KnowledgeVersion
from klantbeeld.contacts.models import Conversation
from klantbeeld.core import clock
from klantbeeld.routing.constants import EventKind, WorkItemStatus
from klantbeeld.routing.models import Queue, WorkItem

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("assistant", *args, stdout=out)
    return out.getvalue()


def test_publish_a_file_and_export_it_again(assistant_on, provider, tmp_path):
    source = tmp_path / "gemeente.yaml"
    source.write_text(packaged_knowledge_text("gemeente"), encoding="utf-8")

    assert "Gepubliceerd als versie 2." in _run("publish", "gemeente", str(source))
    exported = tmp_path / "uit.yaml"
    _run("export", "gemeente", "--output", str(exported))

    assert yaml.safe_load(exported.read_text(encoding="utf-8"))["organisation"] == "gemeente"
    assert KnowledgeVersion.objects.filter(provider=provider).count() == 2


def test_a_bad_file_is_refused_with_its_problems(assistant_on, tmp_path):
    source = tmp_path / "kapot.yaml"
    source.write_text("organisation: gemeente\ntopics: []\n", encoding="utf-8")

    with pytest.raises(CommandError, match="onderwerp 'afval' ontbreekt"):
        _run("publish", "gemeente", str(source))
    with pytest.raises(CommandError, match=r"Kan .* niet lezen"):
        _run("publish", "gemeente", str(tmp_path / "bestaat-niet.yaml"))
    with pytest.raises(CommandError, match="Organisatie 'nergens' bestaat niet"):
        _run("export", "nergens")


def test_plain_check_reports_each_organisation(assistant_on):
    output = _run("plain-check", "gemeente")
    assert "gemeente: versie 1," in output
    assert "antwoorden op B1-niveau" in output


def test_sweep_hands_over_what_the_assistant_left_unanswered(assistant_on, provider):
    queue = Queue.objects.get(provider=provider)
    long_ago = clock.now() - timedelta(minutes=30)

    def item(subject: str) -> WorkItem:
        conversation = Conversation.objects.create(
            provider=provider, subject=subject, opened_at=long_ago, last_activity_at=long_ago
        )
        return WorkItem.objects.create(
            provider=provider,
            conversation=conversation,
            queue=queue,
            channel="whatsapp",
            status=WorkItemStatus.ASSISTANT,
            received_at=long_ago,
            last_inbound_at=long_ago,
        )

    forgotten, answered = item("vergeten"), item("beantwoord")
    answered.events.create(kind=EventKind.ASSISTANT_ANSWERED, at=long_ago + timedelta(seconds=5))

    assert "1 gesprek(ken) overgedragen" in _run("sweep")
    forgotten.refresh_from_db()
    answered.refresh_from_db()
    assert forgotten.status == WorkItemStatus.NEW
    assert answered.status == WorkItemStatus.ASSISTANT
