"""Flesch-Douma: 206.835 − 0.93 × words per sentence − 77 × syllables per word.

These are the constants textstat uses for "nl" (a test holds them to textstat). Syllables are
counted the way textstat counts them for "nl", with pyphen's ``nl_NL`` hyphenation, but
without importing textstat (see the package docstring for why).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from klantbeeld.core.plain_language.text import Token

# Douma's constants, as textstat has them for "nl" (held to textstat by the tests).
DOUMA_BASE, DOUMA_SENTENCE_LENGTH, DOUMA_SYLLABLES_PER_WORD = 206.835, 0.93, 77.0

_NOT_IN_SYLLABLES_RE = re.compile(r"[^\w\s']")  # what textstat's remove_punctuation removes


def flesch_douma_score(words: list[Token], average_sentence_words: float) -> float:
    syllables_per_word = sum(syllables(token.text.lower()) for token in words) / len(words)
    return (
        DOUMA_BASE
        - DOUMA_SENTENCE_LENGTH * average_sentence_words
        - DOUMA_SYLLABLES_PER_WORD * syllables_per_word
    )


@cache
def _hyphenator() -> Any:
    from pyphen import Pyphen

    return Pyphen(lang="nl_NL")


@lru_cache(maxsize=100_000)
def syllables(word: str) -> int:
    """Syllables as textstat counts them for "nl": pyphen's hyphenation points + 1, after
    textstat's removal of punctuation ("e-mailadres" → "emailadres", "12,50" → 1)."""
    cleaned = _NOT_IN_SYLLABLES_RE.sub("", word.lower())
    return len(_hyphenator().positions(cleaned)) + 1 if cleaned else 1
