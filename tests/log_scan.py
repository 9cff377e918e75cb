"""Scan log output for personal data (issue 3: logs carry ids, never a BSN or a name).

Used by the root conftest over the log output of the whole suite, and tested itself in
``klantbeeld/privacy/tests/test_log_scan.py``.
"""

from __future__ import annotations

import re
from functools import cache

from stdnum.nl import bsn

# nine digits not part of a longer number or of a hex id (trace ids, UUIDs)
_NINE_DIGITS = re.compile(r"(?<![0-9a-fA-F])[0-9]{9}(?![0-9a-fA-F])")
FIXTURE_NAMES = ("Fatima", "Amrani", "Verbeek", "Bakker", "Visser")


@cache
def sensitive_names() -> frozenset[str]:
    """The demo's scenario people and the fixtures' names: words that must never be logged."""
    from klantbeeld.demo.stories import stories_for

    names = set(FIXTURE_NAMES)
    for organisation in ("gemeente", "water", "vervoer", "uitvoering"):
        for story in stories_for(organisation):
            names.update(
                word for word in (story.person.given_names, story.person.surname) if len(word) >= 4
            )
    return frozenset(names)


def violations(text: str) -> list[str]:
    found = [
        f"BSN-like number {match}" for match in _NINE_DIGITS.findall(text) if bsn.is_valid(match)
    ]
    for name in sensitive_names():
        if re.search(rf"\b{re.escape(name)}\b", text):
            found.append(f"name {name!r}")
    return found
