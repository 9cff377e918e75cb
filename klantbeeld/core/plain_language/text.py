"""From a text to sentences and tokens: placeholders, links and addresses masked, sentences
split where they end (not after "o.a." or an initial), and the words, numbers and
abbreviations of each sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from klantbeeld.core.plain_language.frequency import RARE_ZIPF, zipf


def lexicon(words: str) -> frozenset[str]:
    """A word list written as text: as a list literal, every word would take a line."""
    return frozenset(words.split())


# Abbreviations after which a full stop never ends the sentence.
NON_FINAL_ABBREVIATIONS = lexicon(
    "o.a. bijv. bv. d.d. d.w.z. m.b.t. i.p.v. t.a.v. i.v.m. m.u.v. n.a.v. o.b.v. i.c.m. t.o.v. "
    "m.i.v. dhr. mevr. mw. hr. mr. dr. drs. ir. ing. prof. nr. tel. ca. incl. excl. evt. "
    "resp. vs. blz. pag. max. min. zgn. st. jan. feb. mrt. apr. jun. jul. aug. sep. sept. "
    "okt. nov. dec."
)
ABBREVIATION_WORDS = frozenset(a.rstrip(".") for a in NON_FINAL_ABBREVIATIONS) | {"enz", "etc"}

_MASK = "\ue000"  # placeholders, links and addresses become this (same length: offsets hold)
_MASKED_RE = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{[^{}\n]{1,60}\}"  # {naam}, {{ naam }}, {% if … %}
    r"|(?:https?://|www\.)[^\s<>\"]+?(?=[.,;:!?)\]]*(?:\s|$))"  # links, not their final stop
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail addresses
    re.IGNORECASE,
)
_DOMAIN_RE = re.compile(  # dommelstad.nl/afval: a link without http or www
    r"\b[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|net|eu|be|info|frl)\b(?:/\S*[^\s.,;:!?)])?",
    re.IGNORECASE,
)
_DOMAIN_ENDING_RE = re.compile(r"\.(?:nl|com|org|net|eu|be|info|frl)\b", re.IGNORECASE)
_TOKEN_RE = re.compile(
    r"(?P<abbreviation>(?:[^\W\d_]{1,4}\.){2,}|[^\W\d_]+/[^\W\d_]+)"  # o.a., t/m, en/of
    r"|(?P<number>\d+(?:[.,:]\d+)*(?:e|de|ste)?)"  # 3, 12,50, 8.30, 1e
    r"|(?P<word>[^\W\d_]+(?:['’-][^\W\d_]+)*)"
)
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n[ \t]*\n\s*|\n")
_NEXT_CHARACTER_RE = re.compile(r"\s*(\S?)")
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


class Token(NamedTuple):
    text: str
    kind: str  # "word" | "number" | "abbreviation"
    start: int  # offset in the sentence
    position: int  # among the sentence's tokens


@dataclass(frozen=True)
class Sentence:
    text: str  # the original text, placeholders included
    masked: str  # placeholders, links and addresses masked; same length as text
    tokens: tuple[Token, ...]


def sentences_split(text: str) -> list[Sentence]:
    """The sentences of ``text`` that have at least one token, in order."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    masked = _mask(text)
    found = []
    start = 0
    for end, next_start in [*_boundaries(masked), (len(masked), len(masked))]:
        sentence = _sentence(text[start:end], masked[start:end])
        if sentence.tokens:
            found.append(sentence)
        start = next_start
    return found


def _mask(text: str) -> str:
    def blank(match: re.Match[str]) -> str:
        return _MASK * len(match.group())

    if "{" in text or "@" in text or "://" in text or "www." in text.lower():
        text = _MASKED_RE.sub(blank, text)
    return _DOMAIN_RE.sub(blank, text) if _DOMAIN_ENDING_RE.search(text) else text


def _boundaries(masked: str) -> Iterator[tuple[int, int]]:
    """(end of a sentence, start of the next) for every place where a sentence ends."""
    for match in _BOUNDARY_RE.finditer(masked):
        mark = match.group()
        after = _NEXT_CHARACTER_RE.match(masked, match.end())
        following = after.group(1) if after else ""
        if mark.strip() == "":  # a line break: a soft wrap only before a lower-case word
            if mark.count("\n") > 1 or not following.islower():
                yield match.start(), match.end()
        elif (
            "?" in mark or "!" in mark or _full_stop_ends_sentence(masked, match.start(), following)
        ):
            yield match.end(), match.end()


def _full_stop_ends_sentence(masked: str, stop: int, following: str) -> bool:
    line = masked[masked.rfind("\n", 0, stop) + 1 : stop]
    previous = line.rsplit(None, 1)[-1] if line.strip() else ""
    if (previous + ".").lower() in NON_FINAL_ABBREVIATIONS:
        return False
    if "." in previous and following.isdigit():  # "d.d. 12 maart"
        return False
    if len(previous) == 1 and previous.isupper():  # an initial: J. de Vries
        return False
    if previous.isdigit() and len(previous) <= 2 and line.strip() == previous:  # "1." of a list
        return False
    if following.islower():  # "ivm. de", "jl. delen": an abbreviation, unless a word ends
        return previous.isalpha() and len(previous) >= 4 and zipf(previous.lower()) >= RARE_ZIPF
    return True


def _sentence(text: str, masked: str) -> Sentence:
    lead = len(text) - len(text.lstrip())
    text, masked = text.strip(), masked[lead : lead + len(text.strip())]
    marker = _LIST_MARKER_RE.match(masked)
    offset = marker.end() if marker else 0
    tokens = tuple(
        Token(m.group(), m.lastgroup or "word", offset + m.start(), i)
        for i, m in enumerate(_TOKEN_RE.finditer(masked[offset:]))
    )
    return Sentence(text=text, masked=masked, tokens=tokens)
