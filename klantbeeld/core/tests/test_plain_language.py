"""The plain-language (B1) check of outgoing answers and templates (issue 6, item 5; TONE-02).

Pure functions over text: no database. Each signal is tested on its own, then together on a
legalistic letter and on answers written like the knowledge base.
"""

from __future__ import annotations

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from klantbeeld.core import plain_language
from klantbeeld.core.plain_language import (
    DOUMA_BASE,
    DOUMA_SENTENCE_LENGTH,
    DOUMA_SYLLABLES_PER_WORD,
    JargonHit,
    plain_language_check,
)

B1_ANSWER = (
    "Beste {naam},\n\n"
    "Dank voor uw bericht. U kunt uw verhuizing online doorgeven via Mijn Dommelstad. "
    "Log in met DigiD. Dat kan tot vijf dagen na uw verhuisdatum. Het is gratis. "
    "Heeft u nog vragen? Bel ons op 088 010 0100.\n\n"
    "Met vriendelijke groet,\n"
    "Gemeente Dommelstad"
)

# The style of knowledge/gemeente.yaml ("uitgebreid"): second person, short sentences, facts.
KNOWLEDGE_BASE_ANSWER = (
    "Gaat u in Dommelstad wonen, of verhuist u binnen Dommelstad? Dan geeft u uw nieuwe adres "
    "door aan de gemeente. Dat kan van 4 weken vóór tot 5 dagen na de verhuisdatum, en het is "
    "gratis. U doet dit online via Mijn Dommelstad met DigiD. Gezinsleden die met u "
    "meeverhuizen, geeft u in één keer mee op. Wij verwerken uw verhuizing binnen 5 werkdagen "
    "en sturen u dan een bevestiging per e-mail. Instanties zoals de Belastingdienst krijgen uw "
    "nieuwe adres daarna vanzelf. De Stadswinkel is open van ma t/m vr 9.00-16.30 uur."
)

LEGALISTIC_LETTER = (
    "Geachte heer/mevrouw,\n\n"
    "Inzake uw bezwaarschrift d.d. 12 maart jl. delen wij u mede dat hetgeen door u is "
    "aangevoerd middels de onderhavige beschikking in overweging is genomen, doch dat het "
    "college van burgemeester en wethouders derhalve heeft besloten de invorderingsrente "
    "alsmede de aanmaningskosten conform de vigerende regelgeving onverwijld in te vorderen. "
    "Uw aanvraag wordt binnen acht weken verwerkt. De stukken zijn door ons ontvangen."
)


def _words(count: int) -> str:
    """A plain sentence of exactly ``count`` common words, without its full stop."""
    words = ["wij", "bellen", "u", "morgen"] * (count // 4) + ["terug"] * (count % 4)
    return " ".join(words).capitalize()


# --- The verdict as a whole ------------------------------------------------------------------


def test_a_b1_answer_passes_without_hints():
    # when
    verdict = plain_language_check(B1_ANSWER)

    # then
    assert verdict.level == "B1"
    assert verdict.is_b1
    assert verdict.hints == ()
    assert verdict.flesch_douma >= 60
    assert verdict.rare_words == ()
    assert verdict.jargon == ()


def test_an_answer_in_the_knowledge_base_style_is_b1():
    # when
    verdict = plain_language_check(KNOWLEDGE_BASE_ANSWER)

    # then: DigiD, Belastingdienst, verhuisdatum and meeverhuizen are words readers know
    assert verdict.is_b1, verdict.hints
    assert verdict.rare_words == ()
    assert verdict.average_sentence_words <= 15
    assert verdict.sentence_count == 8


def test_a_legalistic_letter_fails_with_specific_hints():
    # when
    verdict = plain_language_check(LEGALISTIC_LETTER)

    # then
    assert verdict.level == "boven B1"
    assert not verdict.is_b1
    assert verdict.flesch_douma < 60
    hints = verdict.hints
    assert "Zin 2 heeft 49 woorden; maak er vier zinnen van." in hints
    assert "Vervang 'Inzake' door 'over'." in hints
    assert "Vervang 'middels' door 'met' of 'door'." in hints
    assert "Vervang 'college van burgemeester en wethouders' door 'de gemeente'." in hints
    assert (
        "'Invorderingsrente' is een moeilijk woord; leg het uit of kies een gewoner woord." in hints
    )
    assert any(h.startswith("Zin 3 is ook passief ('wordt … verwerkt')") for h in hints)
    assert any(h.startswith("Zin 4 is ook passief ('zijn … ontvangen')") for h in hints)
    assert any(h.startswith("De leesbaarheid (Flesch-Douma) is") for h in hints)
    assert {"inzake", "middels", "derhalve", "onverwijld"} <= {
        h.word.lower() for h in verdict.jargon
    }
    assert "invorderingsrente" in verdict.rare_words


@pytest.mark.parametrize("text", ["", "   \n\t ", "{naam}", "https://www.dommelstad.nl"])
def test_an_empty_text_gives_a_clear_hint_and_no_verdict_of_b1(text):
    # when
    verdict = plain_language_check(text)

    # then
    assert verdict.word_count == 0
    assert not verdict.is_b1
    assert verdict.hints == ("Er is nog geen tekst om te controleren. Schrijf eerst uw antwoord.",)


_PIECES = [*"abcdeEGZ .,!?:;-'()€0123456789ëé\n\t"]
_PIECES += ["o.a. ", "{naam}", "https://x.nl/a. ", "wordt ", "verwerkt ", "inzake ", "1. ", "J. "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=200).map("".join))
def test_any_text_gets_a_verdict_and_never_an_exception(text):
    # when
    verdict = plain_language_check(text)

    # then: a text that is not B1 always says why
    assert verdict.level in ("B1", "boven B1")
    assert verdict.hints or verdict.is_b1


# --- Sentence length -------------------------------------------------------------------------


def test_a_sentence_over_25_words_fails_with_a_hint_naming_it():
    # given
    text = f"Dank voor uw vraag. {_words(27)}. Tot ziens."

    # when
    verdict = plain_language_check(text)

    # then
    assert not verdict.is_b1
    assert verdict.long_sentences == (f"{_words(27)}.",)
    assert "Zin 2 heeft 27 woorden; maak er twee zinnen van." in verdict.hints


def test_a_sentence_of_22_words_gets_a_hint_but_keeps_the_text_b1():
    # given: the other sentences keep the average under 15
    text = f"{_words(22)}. Bel ons gerust. U bent welkom. Wij helpen u graag. Tot ziens."

    # when
    verdict = plain_language_check(text)

    # then
    assert verdict.is_b1
    assert "Zin 1 heeft 22 woorden; maak er twee zinnen van." in verdict.hints


def test_one_sentence_of_17_words_fails_with_a_hint_for_that_sentence():
    # when
    verdict = plain_language_check(f"{_words(17)}.")

    # then
    assert not verdict.is_b1
    assert verdict.hints == (
        "Zin 1 heeft 17 woorden; voor B1 is dat hoogstens 15. Maak de zin korter.",
    )


def test_a_high_average_sentence_length_fails_with_the_figure_in_dutch():
    # given: three sentences of 17 words
    text = " ".join(f"{_words(17)}." for _ in range(3))

    # when
    verdict = plain_language_check(text)

    # then
    assert verdict.average_sentence_words == 17
    assert not verdict.is_b1
    assert (
        "De zinnen hebben gemiddeld 17 woorden; voor B1 is dat hoogstens 15. "
        "Maak de lange zinnen korter." in verdict.hints
    )


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("U kunt o.a. bij het loket terecht. Neem bijv. uw paspoort mee.", 2),
        ("Neem uw pas mee, d.w.z. uw paspoort of ID-kaart. Dhr. Jansen helpt u.", 2),
        ("Wij bellen u z.s.m. terug. Dat is ca. 10 minuten na uw vraag.", 2),
        ("Uw brief d.d. 3 mei is binnen. U hoort van ons.", 2),
        ("Ga naar J. de Vries. Hij helpt u verder.", 2),
        ("Neem mee: uw pas, uw brief enz. Bel ons als u vragen heeft.", 2),
        ("Neem contact op ivm. de kosten. Wij helpen u.", 2),  # not in our list: lower case
        ("dank u voor uw vraag. ik bel u morgen.", 2),  # a chat without capitals
    ],
)
def test_abbreviations_do_not_end_a_sentence(text, sentences):
    # when
    verdict = plain_language_check(text)

    # then
    assert verdict.sentence_count == sentences


def test_lines_and_list_items_are_sentences_but_a_soft_wrap_is_not():
    # given
    text = "Neem mee:\n- uw paspoort\n- een pasfoto\n\nU kunt uw verhuizing\nonline doorgeven."

    # when
    verdict = plain_language_check(text)

    # then
    assert verdict.sentence_count == 4
    assert verdict.word_count == 12  # the list markers are not words


# --- Placeholders, links, numbers ------------------------------------------------------------


def test_placeholders_links_and_addresses_are_ignored():
    # given
    text = (
        "Beste {naam}, kijk op https://www.dommelstad.nl/afval.kalender of op dommelstad.nl/afval. "
        "Mail ons op klantcontact@dommelstad.nl. Uw nummer is {{ zaaknummer }}."
    )

    # when
    verdict = plain_language_check(text)

    # then
    assert verdict.sentence_count == 3
    assert verdict.word_count == 11  # Beste kijk op of op / Mail ons op / Uw nummer is
    assert verdict.rare_words == ()
    assert verdict.is_b1


def test_numbers_and_amounts_count_as_words_and_never_as_rare():
    # when
    verdict = plain_language_check("U betaalt € 12,50 per maand. Wij sluiten om 17.00 uur.")

    # then
    assert verdict.word_count == 10
    assert verdict.sentence_count == 2
    assert verdict.rare_words == ()


# --- Passive voice ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Uw aanvraag wordt binnen vier weken verwerkt.", "wordt … verwerkt"),
        ("Uw betaling is ontvangen.", "is ontvangen"),
        ("De brief werd gisteren door ons gestuurd.", "werd … gestuurd"),
        ("Het formulier moet worden ingevuld.", "worden ingevuld"),
        ("Wij wachten, omdat uw aanvraag nog verwerkt wordt.", "verwerkt wordt"),
        ("De formulieren zijn goedgekeurd.", "zijn goedgekeurd"),
        ("Hierbij wordt u medegedeeld dat wij sluiten.", "wordt … medegedeeld"),
    ],
)
def test_a_passive_sentence_gets_a_hint_to_write_actively(text, fragment):
    # when
    verdict = plain_language_check(text)

    # then
    assert verdict.passive_sentences == (text,)
    assert verdict.hints[0] == (
        f"Zin 1 is passief ('{fragment}'). Schrijf actief en zeg wie het doet, zoals "
        "'Wij verwerken uw aanvraag' in plaats van 'Uw aanvraag wordt verwerkt'."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Wij verwerken uw aanvraag binnen vier weken.",
        "Wij zijn verhuisd.",  # active perfect with "zijn"
        "Uw paspoort is verlopen.",
        "Het loket is gesloten.",  # a state
        "Het wordt tijd dat u betaalt.",  # "betaalt" is in another clause
        "Hij heeft zijn formulier ingevuld.",  # "zijn" is "his"
        "Het wordt beter.",
        "Het verkeerslicht is kapot.",  # shaped like ver…t, but not where a participle stands
        "U bent bij het station uitgestapt.",
    ],
)
def test_active_sentences_are_not_passive(text):
    # when
    verdict = plain_language_check(text)

    # then
    assert verdict.passive_sentences == ()


def test_passive_voice_alone_does_not_fail_the_verdict():
    # when
    verdict = plain_language_check("Uw betaling is ontvangen. Dank u wel.")

    # then
    assert verdict.is_b1
    assert len(verdict.passive_sentences) == 1


# --- Jargon ----------------------------------------------------------------------------------


def test_a_jargon_word_gets_its_plain_alternative():
    # when
    verdict = plain_language_check("Wij sturen u een brief inzake uw aanvraag.")

    # then
    assert verdict.jargon == (JargonHit("inzake", "over", ("over",)),)
    assert verdict.hints == ("Vervang 'inzake' door 'over'.",)
    assert verdict.is_b1  # one jargon word is allowed


def test_two_jargon_words_fail_the_verdict():
    # when
    verdict = plain_language_check("Wij sturen u derhalve een brief inzake uw aanvraag.")

    # then
    assert not verdict.is_b1
    assert [hit.word for hit in verdict.jargon] == ["derhalve", "inzake"]


def test_a_jargon_phrase_wins_over_a_word_inside_it_and_inflections_count():
    # when
    verdict = plain_language_check(
        "Wij staan tot uw beschikking. U krijgt twee beschikkingen, middels de post."
    )

    # then
    assert [(hit.word, hit.alternative) for hit in verdict.jargon] == [
        ("tot uw beschikking", "voor u klaar"),
        ("beschikkingen", "besluit"),
        ("middels", "met"),
    ]


def test_jargon_in_a_link_or_inside_a_longer_word_is_not_jargon():
    # when
    verdict = plain_language_check(
        "Kijk op https://www.dommelstad.nl/inzake. Onze medewerker helpt u."
    )

    # then
    assert verdict.jargon == ()


def test_the_jargon_list_has_at_least_80_entries_each_with_an_alternative():
    # given
    lines = plain_language.JARGON_FILE.read_text(encoding="utf-8").splitlines()
    entries = [line for line in lines if line.strip() and not line.startswith("#")]

    # then
    assert len(entries) >= 80
    for entry in entries:
        hard, _, plain = entry.partition("|")
        assert hard.strip(), entry
        assert plain.strip(), entry
    words = [form.strip().lower() for entry in entries for form in entry.split("|")[0].split(",")]
    assert len(words) == len(set(words)), "a jargon word is listed twice"


# --- Rare words ------------------------------------------------------------------------------


def test_a_rare_word_gets_a_hint():
    # when
    verdict = plain_language_check(
        "Wij rekenen invorderingsrente als u te laat betaalt. Bel ons gerust als u vragen heeft."
    )

    # then
    assert verdict.rare_words == ("invorderingsrente",)
    assert (
        "'Invorderingsrente' is een moeilijk woord; leg het uit of kies een gewoner woord."
        in verdict.hints
    )


def test_a_rare_word_is_listed_once_as_first_written():
    # when
    verdict = plain_language_check(
        "Dagtekening en datum zijn hetzelfde. Zoek de dagtekening op de brief. Bel ons gerust."
    )

    # then
    assert verdict.rare_words == ("Dagtekening",)
    assert verdict.rare_word_share == round(2 / 14, 3)


def test_rare_words_over_five_percent_fail_the_verdict():
    # when
    verdict = plain_language_check("De invorderingsrente en de dagtekening staan op de brief.")

    # then
    assert set(verdict.rare_words) == {"invorderingsrente", "dagtekening"}
    assert verdict.rare_word_share > 0.05
    assert not verdict.is_b1


@pytest.mark.parametrize(
    "text",
    [
        "Invorderingsrente (dat is extra geld als u te laat betaalt) rekenen wij niet.",
        "U betaalt dan extra. Dat heet invorderingsrente.",
        "De dagtekening is de datum bovenaan de brief.",
    ],
)
def test_a_word_the_text_explains_is_not_rare(text):
    # when
    verdict = plain_language_check(text)

    # then
    assert verdict.rare_words == ()


@pytest.mark.parametrize(
    "text",
    [
        "Vul het aanvraagformulier in.",  # aanvraag + formulier
        "Vraag kwijtschelding aan bij de gemeente.",  # a word residents know
        "Uw huurtoeslag loopt gewoon door.",
        "Breng het naar het kantoor in Dommelstad.",  # a name
        "Dommelstad helpt u graag.",  # a name at the start of a sentence
        "Log in met uw DigiD.",
        "Wijzig uw adres online.",  # an inflected form of a common verb
        "Vul dit formuliertje in.",  # a diminutive of a common word
        "Kies de voordeligste manier.",
    ],
)
def test_known_compounds_public_words_and_names_are_not_rare(text):
    # when
    verdict = plain_language_check(text)

    # then
    assert verdict.rare_words == ()


# --- Flesch-Douma ----------------------------------------------------------------------------


def test_textstat_uses_the_douma_constants_for_dutch():
    # then
    config = textstat.backend.utils.constants.LANG_CONFIGS["nl"]
    assert (config["fre_base"], config["fre_sentence_length"], config["fre_syll_per_word"]) == (
        DOUMA_BASE,
        DOUMA_SENTENCE_LENGTH,
        DOUMA_SYLLABLES_PER_WORD,
    )


@pytest.mark.parametrize(
    "text",
    [
        "U geeft uw verhuizing gratis door via de website. Dat kan tot vijf dagen na de "
        "verhuisdatum. Wij sturen u daarna een bevestiging per mail.",
        "Inzake uw bezwaarschrift delen wij u mede dat het college van burgemeester en "
        "wethouders heeft besloten de invorderingsrente conform de vigerende regelgeving "
        "onverwijld in te vorderen.",
    ],
)
def test_the_score_equals_textstat_flesch_reading_ease_in_dutch_on_a_plain_text(text):
    # given: no abbreviations, placeholders or short sentences, where textstat counts differently
    textstat.set_lang("nl")
    try:
        expected = textstat.flesch_reading_ease(text)
    finally:
        textstat.set_lang("en_US")

    # when
    verdict = plain_language_check(text)

    # then
    assert verdict.flesch_douma == pytest.approx(expected, abs=0.05)


def test_a_low_flesch_douma_score_alone_fails_the_verdict():
    # given: short sentences of long words that each are common
    text = (
        "Gemeentelijke belastingen veranderen jaarlijks. "
        "Verschillende organisaties ondersteunen bewoners. "
        "Maatschappelijke ondersteuning verbetert levenskwaliteit."
    )

    # when
    verdict = plain_language_check(text)

    # then
    assert verdict.flesch_douma < 60
    assert verdict.jargon == ()
    assert verdict.average_sentence_words <= 15
    assert not verdict.is_b1
