"""How common a Dutch word is: wordfreq's zipf frequency, read from its Dutch list directly.

Both :mod:`.text` (is "jl." an abbreviation or the end of a word?) and :mod:`.words` (is a
word rare?) ask this, so it sits below them.
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache, lru_cache

RARE_ZIPF = 3.0  # wordfreq zipf scale: 3.0 = once per million words


@cache
def frequencies() -> dict[str, float]:
    """wordfreq's Dutch list (the dict ``zipf_frequency`` reads): a compound's parts are looked up
    some 40 times per word, and ``zipf_frequency`` tokenises every query (~30 µs each)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("nl")


@lru_cache(maxsize=100_000)
def zipf(word: str) -> float:
    """wordfreq's zipf frequency of a lower-case word, with or without its accents."""
    if not word.isalpha():  # "e-mailadres", "auto's": wordfreq splits these into tokens
        from wordfreq import zipf_frequency

        return zipf_frequency(word, "nl")
    frequency = frequencies().get(word, 0.0)
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    if plain != word:  # "vóór", "coördinator": the list may have either spelling
        frequency = max(frequency, frequencies().get(plain, 0.0))
    return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0  # as zipf_frequency
