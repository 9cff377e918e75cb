"""The plain-language (B1) check of every outgoing answer and template (issue 6, item 5; TONE-02).

:func:`plain_language_check` reads a Dutch text the way an editor would and returns a
:class:`PlainLanguageVerdict`: the figures, the sentences and words that make the text hard, and
concrete Dutch hints for the employee in the composer ("Zin 2 heeft 27 woorden; maak er twee
zinnen van.", "Vervang 'inzake' door 'over'.").

It is a heuristic, not a certified B1 assessment. The validated Dutch measure (LiNT-II) needs a
spaCy model that cannot be obtained here (DEPENDENCIES.md, section 2). The signals are:

- Flesch-Douma: 206.835 − 0.93 × words per sentence − 77 × syllables per word. These are the
  constants textstat uses for "nl"; a test reads them from textstat, and another holds our score
  to ``textstat.flesch_reading_ease`` after ``set_lang("nl")`` on plain text. The score is our
  own computation, for two reasons:
  - Sentences. textstat splits at every full stop, so "o.a." becomes a sentence break. It drops
    sentences of two words or fewer, and it reads a URL or a ``{naam}`` placeholder as words.
  - Speed. textstat imports nltk, which takes 1-2 s, and adds about 0.2 ms per word. Syllables
    are therefore counted the way textstat counts them for "nl", with pyphen's ``nl_NL``
    hyphenation.
- Sentence length: the average, and every sentence over :data:`LONG_SENTENCE_WORDS` words.
- Rare words: zipf frequency in wordfreq's Dutch list below :data:`RARE_ZIPF`, that is, rarer
  than once per million words. Some words are never reported:
  - numbers, abbreviations and words under four letters;
  - names: capitalised words that are not the first word of a sentence, words with a capital
    inside (DigiD), and :data:`KNOWN_NAMES`;
  - words the text explains itself ("kwijtschelding (dat betekent …)", "Dit heet …");
  - words that every customer of a public service knows (:data:`KNOWN_PUBLIC_SERVICE_WORDS`);
  - compounds whose parts are both common (aanvraagformulier = aanvraag + formulier).
    Dutch writes compounds as one word, so a compound is rare in any corpus even when every
    reader understands it;
  - inflected forms of common words ("wijzig", "formuliertje", "voordeligste");
  - jargon words, which get their own hint.
- Passive voice: a form of "worden" (or "zijn", which is also the perfect tense of active
  verbs such as "is verhuisd") with a past participle in the same clause. Participles are
  recognised by shape (ge…d/t/en, be/ver/ont/her…d/t, with separable prefixes such as
  "aangevraagd"), with lists of exceptions.
- Jargon: ``jargon_nl.txt``, with a plain alternative for each entry.

The verdict is "B1" only if every one of the following holds (constants below):

- Flesch-Douma ≥ 60. On the Flesch scale that Douma adapted, 60-70 is "standard" text, and
  below 60 starts "fairly difficult". A text for the general public should not score below 60.
  The score is harsh on short texts with long compounds ("Een grotere restafvalcontainer kost
  eenmalig € 35." fails; "Een grotere container voor restafval kost eenmalig € 35." passes).
  The packaged knowledge bases were rewritten until all 291 answer texts pass. Lowering
  :data:`MIN_FLESCH_DOUMA` is the knob if editors find that too strict.
- At most 15 words per sentence on average, and no sentence over 25 words. This follows the
  common Dutch plain-language guidance: about 15 words per sentence on average, and few
  sentences over 20-25.
- At most 1 jargon word. A term of art is sometimes needed, such as "beschikking" in a letter
  about an objection. Two or more make a text ambtelijk.
- At most 5 % rare words. Reading research puts comprehension at 95-98 % known words. Below
  that, a reader can no longer guess the unknown words from the context.

Passive voice and sentences of 21-25 words produce hints but do not decide the verdict. A
single passive sentence is not wrong, and the sentence-length rules already limit length. An
empty text (or only placeholders and links) gets a hint and ``is_b1 = False``: there is nothing
to approve yet, and ``word_count == 0`` tells the composer to hide the badge.

Speed. The first check loads pyphen and wordfreq's Dutch list, about 0.7 s once per process.
:func:`plain_language_warm_up` loads them ahead of time, together with the syllables of the
10,000 most common Dutch words, in about 1.2 s. After the warm-up, a check takes about 1-2 ms of
CPU per 100 words. A text full of words that are new to the caches takes at most about 5 ms per
100 words. These figures were measured on the 291 answers of the packaged knowledge bases, on a
shared 2-vCPU VM.

The hints are Dutch and not translated, because they talk about Dutch words in a Dutch text.

The package: :mod:`.text` (masking, sentences, tokens, abbreviations), :mod:`.frequency`
(wordfreq's Dutch list), :mod:`.words` (rare words, compounds, the jargon list),
:mod:`.passive`, :mod:`.readability` (Flesch-Douma with pyphen); this module gives the verdict
and the hints. It lives in core, the lowest layer, so that every app may use it: the composer
(workspace) and the reply-template admin (routing).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from klantbeeld.core.plain_language.frequency import RARE_ZIPF, zipf
from klantbeeld.core.plain_language.passive import (
    CLAUSE_STARTERS,
    HEBBEN_FORMS,
    NOT_PARTICIPLES,
    STRONG_PARTICIPLES,
    WORDEN_FORMS,
    ZIJN_ACTIVE_OR_STATE,
    ZIJN_FORMS,
    passives_find,
)
from klantbeeld.core.plain_language.readability import (
    DOUMA_BASE,
    DOUMA_SENTENCE_LENGTH,
    DOUMA_SYLLABLES_PER_WORD,
    flesch_douma_score,
    syllables,
)
from klantbeeld.core.plain_language.text import NON_FINAL_ABBREVIATIONS, Sentence, sentences_split
from klantbeeld.core.plain_language.words import (
    COMPOUND_PART_ZIPF,
    JARGON_FILE,
    KNOWN_NAMES,
    KNOWN_PUBLIC_SERVICE_WORDS,
    MIN_COMPOUND_PART,
    SEPARABLE_PREFIXES,
    JargonHit,
    distinct,
    jargon_entries,
    jargon_find,
    rare_words_find,
)

__all__ = [
    "CLAUSE_STARTERS",
    "COMPOUND_PART_ZIPF",
    "DOUMA_BASE",
    "DOUMA_SENTENCE_LENGTH",
    "DOUMA_SYLLABLES_PER_WORD",
    "HEBBEN_FORMS",
    "JARGON_FILE",
    "KNOWN_NAMES",
    "KNOWN_PUBLIC_SERVICE_WORDS",
    "LEVEL_ABOVE_B1",
    "LEVEL_B1",
    "LONG_SENTENCE_WORDS",
    "MAX_AVERAGE_SENTENCE_WORDS",
    "MAX_JARGON_HITS",
    "MAX_RARE_WORD_SHARE",
    "MAX_SENTENCE_WORDS",
    "MAX_WORD_HINTS",
    "MIN_COMPOUND_PART",
    "MIN_FLESCH_DOUMA",
    "NON_FINAL_ABBREVIATIONS",
    "NOT_PARTICIPLES",
    "RARE_ZIPF",
    "SEPARABLE_PREFIXES",
    "STRONG_PARTICIPLES",
    "WARM_UP_WORDS",
    "WORDEN_FORMS",
    "ZIJN_ACTIVE_OR_STATE",
    "ZIJN_FORMS",
    "JargonHit",
    "Level",
    "PlainLanguageVerdict",
    "plain_language_check",
    "plain_language_warm_up",
]

# --- The verdict ---------------------------------------------------------------------------
MIN_FLESCH_DOUMA = 60.0
MAX_AVERAGE_SENTENCE_WORDS = 15.0
MAX_SENTENCE_WORDS = 25
MAX_JARGON_HITS = 1
MAX_RARE_WORD_SHARE = 0.05
# --- The hints (the signals' own knobs are in their modules, re-exported above) --------------
LONG_SENTENCE_WORDS = 20  # longer sentences get a hint (the verdict allows up to 25)
MAX_WORD_HINTS = 6  # rare words with a hint of their own; the rest are listed in one hint
WARM_UP_WORDS = 10_000  # the most common Dutch words, whose syllables the warm-up counts

Level = Literal["B1", "boven B1"]
LEVEL_B1: Level = "B1"
LEVEL_ABOVE_B1: Level = "boven B1"

_DUTCH_NUMBERS = {2: "twee", 3: "drie", 4: "vier", 5: "vijf"}
_ACTIVE_EXAMPLE = "zoals 'Wij verwerken uw aanvraag' in plaats van 'Uw aanvraag wordt verwerkt'"


@dataclass(frozen=True)
class PlainLanguageVerdict:
    """What the composer shows: the level, the figures behind it, and hints in Dutch."""

    level: Level  # "B1" | "boven B1"
    is_b1: bool
    flesch_douma: float  # one decimal
    average_sentence_words: float  # one decimal
    long_sentences: tuple[str, ...]  # over LONG_SENTENCE_WORDS words, as written
    rare_words: tuple[str, ...]  # distinct, as first written
    passive_sentences: tuple[str, ...]
    jargon: tuple[JargonHit, ...]  # distinct entries of the jargon list, in text order
    hints: tuple[str, ...]  # per sentence and word first, then about the text as a whole
    word_count: int  # 0: nothing to check (empty, or only placeholders and links)
    sentence_count: int
    rare_word_share: float  # rare word tokens / all word tokens


def plain_language_check(text: str) -> PlainLanguageVerdict:
    """Check a Dutch text against B1 and say what to change (see the package docstring)."""
    sentences = sentences_split(text or "")
    words = [token for sentence in sentences for token in sentence.tokens]
    if not words:
        return _empty_verdict()
    jargon, jargon_words = jargon_find("\n".join(sentence.masked for sentence in sentences))
    rare = rare_words_find(sentences, excluded=jargon_words)
    rare_words = distinct(rare)
    average = len(words) / len(sentences)
    flesch_douma = flesch_douma_score(words, average)
    rare_share = len(rare) / len(words)
    is_b1 = (
        flesch_douma >= MIN_FLESCH_DOUMA
        and average <= MAX_AVERAGE_SENTENCE_WORDS
        and max(len(sentence.tokens) for sentence in sentences) <= MAX_SENTENCE_WORDS
        and len(jargon) <= MAX_JARGON_HITS
        and rare_share <= MAX_RARE_WORD_SHARE
    )
    passives = list(passives_find(sentences))
    hints = [
        *_sentence_length_hints(sentences),
        *_passive_hints(passives),
        *(_jargon_hint(hit) for hit in jargon),
        *_rare_word_hints(rare_words),
        *_overall_hints(flesch_douma, average, rare_share, sentence_count=len(sentences)),
    ]
    return PlainLanguageVerdict(
        level=LEVEL_B1 if is_b1 else LEVEL_ABOVE_B1,
        is_b1=is_b1,
        flesch_douma=round(flesch_douma, 1),
        average_sentence_words=round(average, 1),
        long_sentences=tuple(s.text for s in sentences if len(s.tokens) > LONG_SENTENCE_WORDS),
        rare_words=rare_words,
        passive_sentences=tuple(sentence.text for _, sentence, _ in passives),
        jargon=jargon,
        hints=tuple(hints),
        word_count=len(words),
        sentence_count=len(sentences),
        rare_word_share=round(rare_share, 3),
    )


def plain_language_warm_up() -> None:
    """Load pyphen, wordfreq's Dutch list and the jargon list, and count the syllables of the
    most common Dutch words, so that no check pays for them (about 1.2 s, once per process)."""
    from wordfreq import top_n_list

    jargon_entries()
    for word in top_n_list("nl", WARM_UP_WORDS):
        syllables(word)
        zipf(word)


def _empty_verdict() -> PlainLanguageVerdict:
    return PlainLanguageVerdict(
        level=LEVEL_ABOVE_B1,
        is_b1=False,
        flesch_douma=0.0,
        average_sentence_words=0.0,
        long_sentences=(),
        rare_words=(),
        passive_sentences=(),
        jargon=(),
        hints=("Er is nog geen tekst om te controleren. Schrijf eerst uw antwoord.",),
        word_count=0,
        sentence_count=0,
        rare_word_share=0.0,
    )


# --- Hints ---------------------------------------------------------------------------------


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def _sentence_length_hints(sentences: list[Sentence]) -> Iterator[str]:
    for number, sentence in enumerate(sentences, start=1):
        count = len(sentence.tokens)
        if count > LONG_SENTENCE_WORDS:
            parts = _DUTCH_NUMBERS[min(5, max(2, math.ceil(count / MAX_AVERAGE_SENTENCE_WORDS)))]
            yield f"Zin {number} heeft {count} woorden; maak er {parts} zinnen van."


def _passive_hints(passives: list[tuple[int, Sentence, str]]) -> Iterator[str]:
    for position, (number, _, found) in enumerate(passives):
        if position == 0:
            yield f"Zin {number} is passief ('{found}'). Schrijf actief en zeg wie het doet, {_ACTIVE_EXAMPLE}."
        else:
            yield f"Zin {number} is ook passief ('{found}'); schrijf actief."


def _jargon_hint(hit: JargonHit) -> str:
    quoted = [f"'{alternative}'" for alternative in hit.alternatives]
    plain = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " of " + quoted[-1]
    return f"Vervang '{hit.word}' door {plain}."


def _rare_word_hints(rare_words: tuple[str, ...]) -> Iterator[str]:
    for word in rare_words[:MAX_WORD_HINTS]:
        yield f"'{word[:1].upper()}{word[1:]}' is een moeilijk woord; leg het uit of kies een gewoner woord."
    rest = rare_words[MAX_WORD_HINTS:]
    if rest:
        listed = ", ".join(f"'{word}'" for word in rest)
        yield f"Nog {len(rest)} moeilijke woorden: {listed}. Leg ze uit of kies gewonere woorden."


def _overall_hints(
    flesch_douma: float, average: float, rare_share: float, *, sentence_count: int
) -> Iterator[str]:
    limit = _decimal(MAX_AVERAGE_SENTENCE_WORDS)
    if average > MAX_AVERAGE_SENTENCE_WORDS and sentence_count > 1:
        yield (
            f"De zinnen hebben gemiddeld {_decimal(average)} woorden; voor B1 is dat hoogstens "
            f"{limit}. Maak de lange zinnen korter."
        )
    elif MAX_AVERAGE_SENTENCE_WORDS < average <= LONG_SENTENCE_WORDS:  # longer: hint given
        yield f"Zin 1 heeft {average:.0f} woorden; voor B1 is dat hoogstens {limit}. Maak de zin korter."
    if flesch_douma < MIN_FLESCH_DOUMA:
        yield (
            f"De leesbaarheid (Flesch-Douma) is {flesch_douma:.0f}; voor B1 is dat "
            f"{MIN_FLESCH_DOUMA:.0f} of hoger. Kies kortere woorden en kortere zinnen."
        )
    if rare_share > MAX_RARE_WORD_SHARE:
        yield (
            f"{_decimal(rare_share * 100)} % van de woorden is moeilijk; voor B1 is dat hoogstens "
            f"{_decimal(MAX_RARE_WORD_SHARE * 100)} %. Kies gewone woorden of leg ze uit."
        )
