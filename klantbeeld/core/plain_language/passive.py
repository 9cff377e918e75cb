"""Passive voice: a form of "worden" (or "zijn", which is also the perfect tense of active verbs
such as "is verhuisd") with a past participle in the same clause.

Participles are recognised by shape (ge…d/t/en, be/ver/ont/her…d/t, with separable prefixes
such as "aangevraagd"), with lists of exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from klantbeeld.core.plain_language.text import WORD_RE, Sentence, lexicon
from klantbeeld.core.plain_language.words import SEPARABLE_PREFIXES

WORDEN_FORMS = lexicon("word wordt worden werd werden")
ZIJN_FORMS = lexicon("ben bent is zijn was waren")
HEBBEN_FORMS = lexicon("heb hebt heeft hebben had hadden")
# Participles that with "zijn" form an active perfect ("is verhuisd") or describe a state
# ("is gesloten", "bent verplicht"): not passive after "zijn", still passive after "worden".
ZIJN_ACTIVE_OR_STATE = lexicon(
    "gekomen gegaan geweest gebleven geworden gebeurd gestorven overleden geboren verhuisd "
    "vertrokken begonnen gestopt veranderd gelukt mislukt gevallen gestegen gedaald gegroeid "
    "verdwenen ontstaan aangekomen teruggekomen opgehouden geslaagd gezakt verlopen afgelopen "
    "vergeten gewend getrouwd gescheiden gesloten geopend gevestigd gelegen geïnteresseerd "
    "verplicht bedoeld bereid bezet betrokken verzekerd ingelogd ingeschreven verbaasd verrast "
    "teleurgesteld geschrokken opgelucht ingestapt uitgestapt overgestapt opgestaan gestart "
    "weggegaan teruggegaan meegegaan doorgegaan"
)
# Strong participles with an inseparable prefix: they end in -en like an infinitive.
STRONG_PARTICIPLES = lexicon(
    "ontvangen verkregen verzonden vergeten besloten beschreven verboden bevonden verschenen "
    "ontslagen bekeken besproken herzien overwogen ondertekend toegezonden"
)
# Words shaped like a participle that are not one (nouns, adjectives, infinitives).
NOT_PARTICIPLES = lexicon(
    "gebied gewicht gezicht gedicht gerecht geluid gebit gebed geduld gezond gemiddeld geleden "
    "geheugen gevolgen gebouwen gesprekken gedachten gezinnen geweld gebruiken geloven "
    "genieten gebeuren gelden geldt gewest gerust geschikt gehandicapt gepast beleid bestand "
    "verband verstand bericht besluit bezit beest verzet verkeerd herfst ernst erfgoed ontbijt "
    "beroemd bekend"
)
# Words that start a new clause: a participle after them belongs to another verb.
CLAUSE_STARTERS = lexicon(
    "dat die als omdat wanneer zodat nadat voordat terwijl want maar en of doordat hoewel "
    "tenzij zodra totdat waardoor waarin waarop waarmee"
)

_SEPARABLE = f"(?:{'|'.join(SEPARABLE_PREFIXES)})?"
_PARTICIPLE_RE = re.compile(
    rf"^{_SEPARABLE}(?:ge[a-zà-ÿ]{{2,}}(?:d|t|en)|(?:be|ver|ont|her|er|onder|over|mis)[a-zà-ÿ]{{2,}}[dt])$"
)
_CLAUSE_PUNCTUATION_RE = re.compile(r"[,;:()–—]|\s-\s")


def passives_find(sentences: list[Sentence]) -> Iterator[tuple[int, Sentence, str]]:
    """(number of the sentence, the sentence, the passive as it reads) per passive sentence."""
    for number, sentence in enumerate(sentences, start=1):
        for clause in _clauses(sentence.masked):
            found = _passive_in_clause(clause)
            if found:
                yield number, sentence, found
                break


@lru_cache(maxsize=50_000)
def _is_participle(word: str) -> bool:
    if word in NOT_PARTICIPLES:
        return False
    if word in STRONG_PARTICIPLES:
        return True
    return not word.endswith(("end", "heid")) and bool(_PARTICIPLE_RE.match(word))


def _clauses(masked: str) -> Iterator[list[str]]:
    for part in _CLAUSE_PUNCTUATION_RE.split(masked):
        clause: list[str] = []
        for word in (w.lower() for w in WORD_RE.findall(part)):
            if word in CLAUSE_STARTERS and clause:
                yield clause
                clause = []
            clause.append(word)
        if clause:
            yield clause


def _passive_in_clause(words: list[str]) -> str | None:
    """The passive in a clause as it reads ("wordt verwerkt", "is … ontvangen"), or None.

    "zijn" is also "his" and the perfect of active verbs ("is verhuisd"); a participle in a
    clause with a form of "hebben" belongs to that verb, unless there are two."""
    participles = [i for i, word in enumerate(words) if _is_participle(word)]
    has_perfect = any(word in HEBBEN_FORMS for word in words) and len(participles) < 2
    for i, word in enumerate(words):
        if word in WORDEN_FORMS:
            candidates = participles
        elif word in ZIJN_FORMS and not has_perfect:
            candidates = [j for j in participles if words[j] not in ZIJN_ACTIVE_OR_STATE]
        else:
            continue
        # Where Dutch puts the participle: right after the verb ("wordt verwerkt"), at the end
        # of the clause ("wordt binnen 4 weken verwerkt"), or right before a verb that closes
        # it ("omdat het verwerkt wordt"). Elsewhere it is a noun: "het verkeerslicht is kapot".
        last = len(words) - 1
        candidates = [
            j
            for j in candidates
            if j == i + 1 or (j == last and j > i) or (j == i - 1 and i == last)
        ]
        if candidates:
            # Prefer the nearest participle after the verb: "wordt binnen 4 weken verwerkt".
            nearest = min(candidates, key=lambda j: (j < i, abs(j - i)))
            first, last = sorted((i, nearest))
            return (
                f"{words[first]} {words[last]}"
                if last - first == 1
                else f"{words[first]} … {words[last]}"
            )
    return None
