"""The rule signals of triage: the wish for a person, sensitivity, urgency, emotion, repeat
contact (issue 6, item 2; TRI-04, BOT-03). Pure functions, no database, no model."""

from __future__ import annotations

import pytest

from klantbeeld.assistant.signals import signals_detect, text_normalise


def test_normalise_folds_case_accents_repeats_and_typos():
    # given a message typed in a hurry
    text = "Ik wil een MEDEWERKR spreken, héééél dringend!!!"

    # when
    normalised = text_normalise(text)

    # then
    assert normalised == "ik wil een medewerker spreken, heel dringend!"


@pytest.mark.parametrize(
    "text",
    [
        "ik wil een medewerker spreken",
        "MEDEWERKER!",
        "mens aub, mijn vraag past niet in jullie keuzes",
        "Kunt u mij terugbellen over de aanslag?",
        "geen chatbot, ik wil met een echt mens praten",
        "mag ik iemand aan de telefoon over mijn abonnement",
        "ik wil graag een medewerkster spreken",
    ],
)
def test_explicit_wish_for_a_person_is_recognised(text):
    # when
    signals = signals_detect(text)

    # then
    assert signals.wants_person
    assert any(label == "wil een mens" for label, _ in signals.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "de medewerker in de bus was onbeleefd tegen mij",
        "komt er een medewerker langs om de watermeter te vervangen?",
        "ik heb geen computer, kan het ook op papier",
        "ik heb eerder gebeld met een medewerker en wil iets aanvullen",
    ],
)
def test_mentioning_a_person_is_not_a_wish_for_one(text):
    assert not signals_detect(text).wants_person


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Mijn moeder is vorige week overleden, hoe zeg ik haar abonnement op?", "bereavement"),
        ("opa overleden, wat moet er met zijn paspoort", "bereavement"),
        ("ik ruik gas bij de meterkast", "health_safety"),
        ("mijn zoontje is misselijk geworden van het kraanwater", "health_safety"),
        ("ik zie het niet meer zitten, ik wil er een eind aan maken", "health_safety"),
        ("de deurwaarder komt morgen en ik heb geen geld meer voor eten", "financial_distress"),
        ("ik weet waar jullie wonen, dit gaan jullie merken", "threat"),
    ],
)
def test_sensitive_situations_are_named(text, category):
    assert category in signals_detect(text).sensitivity


@pytest.mark.parametrize(
    "text",
    [
        "als uitvaartondernemer wil ik een overlijden digitaal aangeven",
        "kan ik de aanslag in termijnen betalen?",
        "hoe hard is het kraanwater in mijn wijk",
        "wat kost een paspoort voor een kind van 6",
    ],
)
def test_ordinary_questions_carry_no_sensitivity(text):
    assert signals_detect(text).sensitivity == ()


def test_acute_distress_differs_from_a_question_about_paying_later():
    # when
    acute = signals_detect("we worden volgende week uit huis gezet, ik heb niks meer")
    later = signals_detect("mag ik de waterrekening in drie keer betalen?")

    # then
    assert acute.acute_distress
    assert not later.acute_distress


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("er komt geen water uit de kraan sinds vanochtend", "spoed"),
        ("de hoofdleiding is gesprongen, de straat staat blank", "spoed"),
        ("ik heb mijn paspoort vandaag nodig voor mijn reis", "hoog"),
        ("de kraan in de keuken lekt", "hoog"),
        ("wanneer wordt het oud papier opgehaald", "normaal"),
    ],
)
def test_urgency(text, urgency):
    assert signals_detect(text).urgency == urgency


@pytest.mark.parametrize(
    ("text", "emotion"),
    [
        ("WAAROM WORDT MIJN CONTAINER NOOIT GELEEGD", "angry"),
        ("wat een kutbedrijf zijn jullie", "angry"),
        ("dit is echt belachelijk!!!", "angry"),
        ("ik maak me zorgen over lood in mijn leidingen", "worried"),
        ("ik ben zo verdrietig sinds het overlijden van mijn vader", "sad"),
        ("bedankt voor de snelle hulp, top!", "positive"),
        ("hoe vraag ik een parkeervergunning aan", "neutral"),
    ],
)
def test_emotion(text, emotion):
    assert signals_detect(text).emotion == emotion


def test_capitals_of_abbreviations_are_not_shouting():
    assert signals_detect("Hoe werkt de BTW bij de KOR en mijn WOZ?").emotion == "neutral"


def test_anger_after_repeated_contact_is_flagged_but_a_calm_reminder_is_not():
    # given
    angry = "voor de derde keer: mijn afval is NIET opgehaald, niemand doet er iets aan!!"
    calm = "2e keer dat ik het vraag: wanneer komt de jaarafrekening? geen haast hoor"

    # when
    flagged = signals_detect(angry)
    reminded = signals_detect(calm)

    # then
    assert flagged.repeat_contact
    assert flagged.distress_after_repeat
    assert reminded.repeat_contact
    assert not reminded.distress_after_repeat


def test_two_complications_are_named():
    # when
    signals = signals_detect(
        "ik ben bewindvoerder van mijn broer, hij woont in Duitsland en heeft een aanslag"
    )

    # then
    assert set(signals.complications) == {"vertegenwoordiging", "buitenland"}


def test_evidence_quotes_the_words_that_matched():
    # when
    signals = signals_detect("Ik wil nu een medewerker spreken, het is spoed")

    # then
    assert ("wil een mens", "wil nu een medewerker spreken") in signals.evidence
    assert ("spoed", "spoed") in signals.evidence
