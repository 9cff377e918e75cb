"""The triage model: topics, escalation, explanation and "understood" (issue 6, item 2; TRI-01,
TRI-04, BOT-04). The packaged knowledge bases are trained once per test process (the
process cache of :func:`triage_model_for`); no database.

The messages here are written for these tests: they appear neither in the knowledge bases nor
in the held-out evaluation set.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from klantbeeld.assistant import classifier
from klantbeeld.assistant.classifier import (
    COMPLEXITIES,
    DenseRow,
    LinearModel,
    model_text,
    triage_model_for,
)
from klantbeeld.assistant.evaluation import packaged_organisations, packaged_triager
from klantbeeld.assistant.knowledge import packaged_knowledge


class _Models(dict):
    """Each organisation's model, trained on first use (once per test process)."""

    def __missing__(self, organisation: str):
        self[organisation] = packaged_triager(organisation)
        return self[organisation]


@pytest.fixture(scope="module")
def models():
    return _Models()


def test_every_demo_organisation_has_a_knowledge_base():
    assert set(packaged_organisations()) == {"gemeente", "water", "vervoer", "uitvoering"}


@pytest.mark.parametrize(
    ("organisation", "text", "topic"),
    [
        (
            "gemeente",
            "Per 1 maart woon ik op de Dorpsstraat 5, waar geef ik dat door?",
            "verhuizing",
        ),
        (
            "gemeente",
            "mijn identiteitskaart is verlopen, hoe vraag ik een nieuwe aan",
            "reisdocument",
        ),
        ("gemeente", "de gft-bak is deze week overgeslagen door de vuilniswagen", "afval"),
        ("gemeente", "er zit een groot gat in het fietspad bij de brug", "melding_openbare_ruimte"),
        ("gemeente", "hoeveel kost een vergunning om voor mijn huis te parkeren", "parkeren"),
        ("water", "ik wil de stand van mijn watermeter doorgeven", "meterstand"),
        ("water", "mijn voorschot per maand is veel te hoog, kan dat omlaag", "termijnbedrag"),
        ("water", "hoe hard is het water uit de kraan, moet ik ontkalken", "waterkwaliteit"),
        ("vervoer", "ik heb mijn jas laten liggen in de tram van lijn 2", "gevonden_voorwerpen"),
        ("vervoer", "vergeten uit te checken, er is 20 euro van mijn saldo af", "ov_chipkaart"),
        ("vervoer", "welke korting krijg ik op de bus nu ik 67 ben", "korting_65plus"),
        ("uitvoering", "mijn btw-aangifte over het derde kwartaal is te laat", "btw"),
        ("uitvoering", "krijg ik huurtoeslag als ik alleen woon en weinig verdien", "toeslagen"),
        ("uitvoering", "ik ben het niet eens met mijn aanslag, hoe maak ik bezwaar", "aanslag"),
    ],
)
def test_unseen_phrasings_get_their_topic(models, organisation, text, topic):
    # when
    result = models[organisation].triage(text)

    # then
    assert result.topic == topic, result.explanation
    assert result.understood
    assert result.alternatives[0].topic == topic
    scores = [alternative.score for alternative in result.alternatives]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("organisation", "text", "reason"),
    [
        ("water", "ik wil graag een medewerker spreken over mijn factuur", "person"),
        (
            "vervoer",
            "mijn man is vorige week overleden, hoe stop ik zijn abonnement",
            "bereavement",
        ),
        ("water", "mijn baby heeft overgegeven na het drinken van kraanwater", "health_safety"),
        (
            "uitvoering",
            "de deurwaarder komt morgen en ik heb geen geld meer voor boodschappen",
            "financial_distress",
        ),
        (
            "gemeente",
            "voor de vierde keer meld ik dat de lantaarnpaal kapot is, er gebeurt NIKS!!",
            "anger_repeat",
        ),
        (
            "uitvoering",
            "ik ben bewindvoerder van mijn vader, hij woont in Spanje en heeft een eigen bv",
            "complex",
        ),
    ],
)
def test_each_escalation_reason_hands_over_to_a_person(models, organisation, text, reason):
    # when
    result = models[organisation].triage(text)

    # then
    assert result.expect_human
    assert reason in result.escalation_reasons
    assert "Medewerker neemt over" in result.explanation


@pytest.mark.parametrize(
    ("organisation", "text"),
    [
        ("gemeente", "als uitvaartverzorger wil ik een overlijden aangeven, wat heb ik nodig"),
        ("water", "kan ik de jaarafrekening in termijnen betalen?"),
        ("water", "komt er een medewerker langs om mijn watermeter te vervangen?"),
        ("vervoer", "de bus had vanochtend 5 minuten vertraging, rijdt hij morgen op tijd?"),
        ("uitvoering", "hoe machtig ik mijn dochter voor mijn belastingzaken"),
    ],
)
def test_look_alikes_are_answered_by_the_assistant(models, organisation, text):
    # when
    result = models[organisation].triage(text)

    # then
    assert not result.expect_human, result.explanation
    assert result.escalation_reasons == ()


def test_the_explanation_names_words_of_the_message_and_training_examples(models):
    # given
    text = "De grijze container is alweer niet geleegd"

    # when
    result = models["gemeente"].triage(text)

    # then
    words = set(model_text(text).split())
    assert result.features
    for feature, weight in result.features:
        assert weight > 0
        assert set(feature.split()) <= words
    examples = {e for topic in packaged_knowledge("gemeente").topics for e in topic.examples}
    assert len(result.neighbours) == 3
    assert all(neighbour.text in examples for neighbour in result.neighbours)
    assert result.explanation.startswith(f"Herkend als '{result.topic_name}'")
    assert f"'{result.features[0][0]}'" in result.explanation
    assert "Lijkt op:" in result.explanation


@pytest.mark.parametrize(
    "text",
    ["wat is de hoofdstad van Peru", "asdkjh qwpoei zxmnb", "wie wint het songfestival", ""],
)
def test_off_topic_and_gibberish_are_not_understood(models, text):
    # when
    result = models["gemeente"].triage(text)

    # then
    assert not result.understood
    assert result.explanation.startswith("Niet zeker herkend")


def test_the_result_is_a_frozen_and_consistent_value(models):
    # when
    result = models["water"].triage("Het water is bruin sinds de werkzaamheden, is dat gevaarlijk?")

    # then
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.topic = "meterstand"
    assert result.expect_human == bool(result.escalation_reasons)
    assert result.complexity in COMPLEXITIES
    assert result.urgency in ("normaal", "hoog", "spoed")
    assert 0.0 <= result.topic_confidence <= 1.0


def test_complexity_grows_with_the_story(models):
    # given
    simple = "wanneer wordt het oud papier opgehaald"
    complicated = (
        "Mijn ex en ik zijn gescheiden, hij woont nu in België en het huis staat nog op beide "
        "namen. Wie moet de afvalstoffenheffing betalen en hoe zit het met de WOZ?"
    )

    # when / then
    assert models["gemeente"].triage(simple).complexity == "eenvoudig"
    assert models["gemeente"].triage(complicated).complexity == "complex"


def test_the_fast_path_computes_what_scikit_learn_computes(models):
    # given
    featurizer = models["vervoer"].featurizer
    texts = ["Mijn OV-chipkaart is kapot!!", "saldo opladen", "", "ééé"]

    for text in texts:
        # when
        row = featurizer.row(text)

        # then
        expected = featurizer.transform([text]).toarray().ravel()
        found = np.zeros_like(expected)
        found[row.indices] = row.values
        np.testing.assert_allclose(found, expected, atol=1e-6)


@pytest.mark.parametrize("classes", [2, 4])
def test_linear_model_probabilities_match_scikit_learn(classes):
    # given
    generator = np.random.default_rng(1)
    matrix = generator.normal(size=(60, 5))
    labels = np.arange(60) % classes
    fitted = LogisticRegression().fit(matrix, labels)

    # when
    found = LinearModel.of(fitted).probabilities(DenseRow(matrix[0]))

    # then
    np.testing.assert_allclose(found, fitted.predict_proba(matrix[:1])[0], atol=1e-9)


def test_one_model_per_knowledge_version(monkeypatch):
    # given
    trained = []

    def train(kb, escalation):
        trained.append(kb.organisation)
        return object()

    monkeypatch.setattr(classifier, "triage_model_train", train)
    monkeypatch.setattr(classifier, "_MODELS", {})
    kb = packaged_knowledge("water")

    # when
    first = triage_model_for("water", kb, "v1")
    again = triage_model_for("water", kb, "v1")
    edited = triage_model_for("water", kb, "v2")

    # then
    assert first is again
    assert edited is not first
    assert trained == ["water", "water"]
