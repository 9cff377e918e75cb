"""The knowledge base: the packaged files fit TAXONOMY.md, a bad document is refused whole
with Dutch messages, and publishing makes versions that never change (issue 6, item 1)."""

from __future__ import annotations

import pytest
import yaml

from klantbeeld.assistant.knowledge import (
    MIN_EXAMPLES,
    STYLES,
    KnowledgeError,
    knowledge_yaml,
    knowledge_yaml_parse,
    packaged_knowledge,
    packaged_knowledge_text,
)
from klantbeeld.assistant.models import KnowledgeVersion
from klantbeeld.assistant.versions import (
    knowledge_current,
    knowledge_publish,
    knowledge_republish,
    knowledge_version_yaml,
)
from klantbeeld.core.plain_language import plain_language_check

TAXONOMY = {
    "gemeente": (
        "verhuizing", "reisdocument", "rijbewijs", "afval", "melding_openbare_ruimte",
        "parkeren", "gemeentebelastingen", "geboorte_overlijden", "bijstand_schulden",
    ),
    "water": (
        "meterstand", "verhuizing_water", "termijnbedrag", "storing_lekkage", "waterkwaliteit",
        "factuur_betaling",
    ),
    "vervoer": (
        "abonnement", "ov_chipkaart", "reisinformatie_storing", "gevonden_voorwerpen", "klacht",
        "korting_65plus",
    ),
    "uitvoering": (
        "aangifte", "btw", "toeslagen", "betalingsregeling", "aanslag", "digid_machtiging",
    ),
}  # fmt: skip


@pytest.mark.parametrize("organisation", sorted(TAXONOMY))
def test_each_packaged_knowledge_base_covers_its_taxonomy(organisation):
    kb = knowledge_yaml_parse(
        packaged_knowledge_text(organisation), topic_ids=TAXONOMY[organisation]
    )
    assert kb.organisation == organisation
    for topic in kb.topics:
        assert len(set(topic.examples)) >= MIN_EXAMPLES
        for answer in topic.answers:
            assert set(answer.styles) == set(STYLES)
    assert kb.callback_task is not None
    assert kb.callback_task.creates_work


def test_yaml_export_reads_back_the_same():
    kb = packaged_knowledge("water")
    assert knowledge_yaml_parse(knowledge_yaml(kb)) == kb


def test_a_bad_document_is_refused_whole_with_every_problem_named():
    document = yaml.safe_load(packaged_knowledge_text("water"))
    del document["topics"][0]["answers"][0]["styles"]["geruststellend"]
    document["topics"][1]["examples"] = ["te weinig"]
    document["topics"][2]["answers"][0]["task"] = "bestaat-niet"

    with pytest.raises(KnowledgeError) as raised:
        knowledge_yaml_parse(yaml.safe_dump(document, allow_unicode=True))

    problems = raised.value.problems
    assert any("'geruststellend' ontbreekt" in problem for problem in problems)
    assert any("minstens 15 nodig" in problem for problem in problems)
    assert any("'bestaat-niet' bestaat niet" in problem for problem in problems)


def test_broken_yaml_names_the_line():
    with pytest.raises(KnowledgeError, match=r"geen geldige YAML \(regel \d+\)"):
        knowledge_yaml_parse("organisation: water\ntopics: [\n")


@pytest.mark.django_db
def test_publishing_makes_a_new_version_and_never_changes_an_old_one(provider, gemeente_topics):
    text = packaged_knowledge_text("gemeente")
    first = knowledge_publish(provider=provider, text=text, user=None, note="eerste")
    edited = text.replace("Gemeente Dommelstad", "Gemeente Dommelstad (nieuw)", 1)
    second = knowledge_publish(provider=provider, text=edited, user=None)

    assert (first.number, second.number) == (1, 2)
    assert knowledge_current(provider).number == 2
    assert KnowledgeVersion.objects.get(pk=first.pk).document["name"] == "Gemeente Dommelstad"

    again = knowledge_republish(version=first, user=None)
    assert again.number == 3
    assert again.document == first.document
    assert "versie 1" in again.note.lower()
    assert knowledge_version_yaml(again).startswith("organisation: gemeente")


@pytest.mark.django_db
def test_a_knowledge_base_for_another_organisation_or_topic_is_refused(provider, gemeente_topics):
    with pytest.raises(KnowledgeError, match="van 'water', niet van 'gemeente'"):
        knowledge_publish(provider=provider, text=packaged_knowledge_text("water"), user=None)
    assert not KnowledgeVersion.objects.exists()


@pytest.mark.django_db
def test_the_admin_publishes_an_edit_as_a_new_version(admin_client, provider, gemeente_topics):
    knowledge_publish(provider=provider, text=packaged_knowledge_text("gemeente"), user=None)
    form = admin_client.get(f"/admin/assistant/knowledgeversion/add/?provider={provider.pk}")
    assert form.status_code == 200
    assert "organisation: gemeente" in form.content.decode()

    bad = admin_client.post(
        "/admin/assistant/knowledgeversion/add/",
        {"provider": provider.pk, "text": "organisation: gemeente\ntopics: []\n", "note": "x"},
    )
    assert bad.status_code == 200
    assert "ontbreekt" in bad.content.decode()
    assert KnowledgeVersion.objects.count() == 1

    good = admin_client.post(
        "/admin/assistant/knowledgeversion/add/",
        {"provider": provider.pk, "text": packaged_knowledge_text("gemeente"), "note": "tikfout"},
    )
    assert good.status_code == 302
    assert list(KnowledgeVersion.objects.values_list("number", flat=True)) == [2, 1]


@pytest.mark.django_db
def test_the_admin_exports_a_version_as_yaml(admin_client, provider, gemeente_topics):
    version = knowledge_publish(
        provider=provider, text=packaged_knowledge_text("gemeente"), user=None
    )
    response = admin_client.post(
        "/admin/assistant/knowledgeversion/",
        {"action": "export_yaml", "_selected_action": [version.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kennisbank-gemeente-v1.yaml"'
    assert yaml.safe_load(response.content)["organisation"] == "gemeente"


@pytest.mark.parametrize("organisation", sorted(TAXONOMY))
def test_every_packaged_answer_is_plain_dutch(organisation):
    """Issue 6: answers in B1 Dutch — held to the same check the composer uses."""
    failing = [
        f"{answer.id} ({style}): {plain_language_check(text).hints[:1]}"
        for answer in packaged_knowledge(organisation).answers()
        for style, text in answer.styles.items()
        if not plain_language_check(text).is_b1
    ]
    assert failing == []
