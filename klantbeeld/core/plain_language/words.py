"""Hard words: rare words (wordfreq), with the exceptions for names, explained words, words
every customer knows, transparent compounds and inflected forms; and jargon from
``jargon_nl.txt``, each entry with a plain alternative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from klantbeeld.core.plain_language.frequency import RARE_ZIPF, frequencies, zipf
from klantbeeld.core.plain_language.text import (
    ABBREVIATION_WORDS,
    WORD_RE,
    Sentence,
    Token,
    lexicon,
)

JARGON_FILE = Path(__file__).resolve().parent / "jargon_nl.txt"

COMPOUND_PART_ZIPF = 3.3  # both parts at least this common → a transparent compound
MIN_COMPOUND_PART = 4  # letters; shorter "parts" (aan, in, ver) would make anything a compound

# Words a customer of a Dutch public service knows, though wordfreq finds them rare.
KNOWN_PUBLIC_SERVICE_WORDS = lexicon(
    "huurtoeslag zorgtoeslag kinderopvangtoeslag kinderbijslag toeslag toeslagen "
    "kwijtschelding betalingsregeling bijstandsuitkering uitkering uittreksel "
    "burgerservicenummer adreswijziging verhuisdatum parkeervergunning afvalstoffenheffing "
    "rioolheffing hondenbelasting gemeentebelasting gemeentebelastingen milieustraat grofvuil "
    "afvalpas containerpas ophaaldag wijkteam schuldhulp schuldhulpverlening "
    "studiefinanciering loonstrook jaaropgaaf bankafschrift contactformulier inlogcode "
    "ontvangstbevestiging zaaknummer klantnummer dossiernummer identiteitskaart id-kaart "
    "stempas mantelzorger jeugdhulp dagbesteding scootmobiel geboorteakte terugbelverzoek "
    "werkdagen openingstijden e-mailadres aanmaning aanmaningen afschrijving bankpas "
    "berichtenbox activeringscode inlogpagina inloggegevens ophaaldagen ophaaldatum zwerfafval "
    "snoeiafval tuinafval prullenbak prullenbakken parkeerbon geleegd"
)
# Names the check meets at the start of a sentence, where capitals do not mark a name.
KNOWN_NAMES = lexicon("digid mijnoverheid klantbeeld dommelstad rivierland whatsapp")
SEPARABLE_PREFIXES = tuple(
    sorted(
        lexicon(
            "aan af bij door in mee mede na om op terug toe uit vast voor weg samen tegen binnen "
            "terecht klaar goed kwijt vrij los rond thuis dicht open stil"
        )
    )
)

_INFLECTION_SUFFIXES = (
    *("etjes", "tjes", "pjes", "jes", "etje", "tje", "pje", "je"),  # diminutives
    *("ste", "st", "en", "s", "e"),  # superlatives, plurals, inflected adjectives
    *("ten", "den", "te", "de", "t", "d"),  # verb forms
)
_EXPLAINED_AFTER_RE = re.compile(
    r"^['\"’”]?\s*(?:\(|:\s|[–—]\s|,?\s*(?:dat|dit|wat)\s+(?:is|zijn|betekent|wil zeggen)\b"
    r"|,?\s*(?:oftewel|ofwel|dat wil zeggen|d\.w\.z\.)"
    r"|(?:is|zijn|betekent|betekenen)\s+(?:een|de|het|dat)\b)",
    re.IGNORECASE,
)
_EXPLAINED_BEFORE_RE = re.compile(
    r"\b(?:heet|heten|noemen\s+(?:we|wij|ze)|noemt\s+men|heet\s+(?:dat|dit))"
    r"\s+(?:ook\s+)?(?:wel\s+)?(?:de\s+|het\s+|een\s+)?['\"‘“„]?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class JargonHit:
    word: str  # as it stands in the text
    alternative: str  # the first plain alternative
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class _JargonEntry:
    pattern: re.Pattern[str]
    alternatives: tuple[str, ...]
    line: int  # in jargon_nl.txt: all forms on one line are one hit
    needle: str  # its longest word in lower case: a cheap test before the pattern runs


def distinct(words: list[str]) -> tuple[str, ...]:
    """Each word once, ignoring case, as first written, in order of first appearance."""
    first: dict[str, str] = {}
    for word in words:
        first.setdefault(word.lower(), word)
    return tuple(first.values())


# --- Rare words ----------------------------------------------------------------------------


def rare_words_find(sentences: list[Sentence], *, excluded: frozenset[str]) -> list[str]:
    """Every rare word token, as written, in order (see the package docstring for exclusions)."""
    names = {
        t.text.lower()
        for s in sentences
        for t in s.tokens
        if t.position > 0 and t.text[:1].isupper()
    }
    never_rare = names | KNOWN_NAMES | ABBREVIATION_WORDS | excluded
    candidates = [
        (sentence, token)
        for sentence in sentences
        for token in sentence.tokens
        if token.kind == "word"
        and len(token.text) >= 4
        and not any(character.isupper() for character in token.text[1:])
        and token.text.lower() not in never_rare
        and not _is_familiar(token.text.lower())
    ]
    explained = {
        token.text.lower() for sentence, token in candidates if _is_explained(sentence, token)
    }
    return [token.text for _, token in candidates if token.text.lower() not in explained]


@lru_cache(maxsize=50_000)
def _is_familiar(word: str) -> bool:
    if word in KNOWN_PUBLIC_SERVICE_WORDS or zipf(word) >= RARE_ZIPF:
        return True
    if "-" in word:
        return all(_is_familiar(part) for part in word.split("-") if len(part) >= MIN_COMPOUND_PART)
    common = 10 ** (RARE_ZIPF - 9)  # zipf = log10(frequency) + 9
    if any(frequencies().get(form, 0.0) >= common for form in _base_forms(word)):
        return True
    return _is_transparent_compound(word, depth=2)


def _base_forms(word: str) -> set[str]:
    """Guesses at the dictionary form of an inflected word: a corpus counts "wijzig", "logt",
    "formuliertje" and "voordeligst" apart from the common "wijzigen", "loggen", "formulier" and
    "voordelig". A wrong guess costs nothing: it is only looked up."""
    forms = {word + "en", word + word[-1] + "en"}  # wijzig → wijzigen, bel → bellen
    for suffix in _INFLECTION_SUFFIXES:
        stem = word.removesuffix(suffix)
        if stem == word or len(stem) < 3:
            continue
        forms |= {stem, stem + "en"}
        if stem[-1] == stem[-2]:  # bakk(en) → bak
            forms.add(stem[:-1])
        else:  # log(t) → loggen, check(t) → checken
            forms.add(stem + stem[-1] + "en")
        if stem[-2] == stem[-3] and stem[-2] in "aeou":  # bezeer(t) → bezeren
            forms.add(stem[:-2] + stem[-1] + "en")
    return forms


def _is_common_part(part: str) -> bool:
    return (
        len(part) >= MIN_COMPOUND_PART
        and frequencies().get(part, 0.0) >= 10 ** (COMPOUND_PART_ZIPF - 9)  # zipf = log10 + 9
    )


@lru_cache(maxsize=50_000)
def _is_transparent_compound(word: str, depth: int) -> bool:
    """Both parts are common words (a linking -s-, -e- or -en- may join them), or a common
    verb or noun follows a separable prefix (meeverhuizen, uitbetaling)."""
    if any(_is_common_part(word.removeprefix(p)) for p in SEPARABLE_PREFIXES if word.startswith(p)):
        return True
    for split in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
        head, tail = word[:split], word[split:]
        if not _is_common_part(tail) and not (
            depth > 1 and len(tail) >= 2 * MIN_COMPOUND_PART and _is_transparent_compound(tail, 1)
        ):
            continue
        heads = (head, head.removesuffix("s"), head.removesuffix("en"), head.removesuffix("e"))
        if any(_is_common_part(h) for h in heads):
            return True
    return False


def _is_explained(sentence: Sentence, token: Token) -> bool:
    end = token.start + len(token.text)
    return bool(
        _EXPLAINED_AFTER_RE.match(sentence.masked[end:])
        or _EXPLAINED_BEFORE_RE.search(sentence.masked[: token.start])
    )


# --- Jargon --------------------------------------------------------------------------------


@cache
def jargon_entries() -> tuple[_JargonEntry, ...]:
    """The jargon list, longest form first, so that a phrase wins over a word inside it."""
    entries: list[tuple[str, _JargonEntry]] = []
    lines = JARGON_FILE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        hard, _, plain = line.split("#", 1)[0].partition("|")
        alternatives = tuple(a.strip() for a in plain.split(";") if a.strip())
        if not alternatives:
            continue
        for form in (f.strip() for f in hard.split(",") if f.strip()):
            needle = max(form.lower().split(), key=len)
            entries.append(
                (form, _JargonEntry(_jargon_pattern(form), alternatives, number, needle))
            )
    entries.sort(key=lambda entry: len(entry[0]), reverse=True)
    return tuple(entry for _, entry in entries)


def _jargon_pattern(form: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in form.split())
    if " " not in form and form[-1].isalpha():
        body += "(?:e|en|n|s)?"  # beschikkingen, voornoemde
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


def jargon_find(masked: str) -> tuple[tuple[JargonHit, ...], frozenset[str]]:
    """Distinct jargon hits in order of appearance, and the words they cover."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, JargonHit]] = []
    seen: set[int] = set()
    lowered = masked.lower()
    for entry in jargon_entries():
        if entry.needle not in lowered:
            continue
        for match in entry.pattern.finditer(masked):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append(match.span())
            word = " ".join(match.group().split())
            if entry.line not in seen:
                seen.add(entry.line)
                found.append(
                    (match.start(), JargonHit(word, entry.alternatives[0], entry.alternatives))
                )
    covered = frozenset(
        w.lower() for start, end in taken for w in WORD_RE.findall(masked[start:end])
    )
    return tuple(hit for _, hit in sorted(found, key=lambda item: item[0])), covered
