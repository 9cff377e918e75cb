"""What a letter's text tells before a person reads it: a subject line and the sender's postcode
and house number (issue 5 "Letter", item 3 identity resolution; POST-05).

Pure functions over the OCR text. The postcode and house number only *propose* candidates
(``parties.resolution`` gives "zelfde adres" a modest score): a letter's address is what the
writer typed, never proof of who they are. The organisation's own addresses (its Postbus, an
Antwoordnummer, the return address of the account) are skipped: a letter is addressed *to* us.

A burgerservicenummer in the text is recognised (nine digits passing the 11-test) only to keep
it out of everything derived: it never goes into the subject, the payload or a log line. The
letter's text itself keeps it, as the scan does; the employee sees it there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_SUBJECT = "Brief"
_SUBJECT_LABELS = re.compile(
    r"^\s*(betreft|onderwerp|inzake|betreffende)\s*[:.]?\s*", re.IGNORECASE
)
# Four digits (no leading 0), optional space, two capitals; SA, SD and SS are never issued.
_POSTCODE = re.compile(r"\b([1-9][0-9]{3}) ?(?!SA|SD|SS)([A-Z]{2})\b")
_HOUSE_NUMBER_AFTER = re.compile(r"^[\s,]+([0-9]{1,5})\b")
_STREET_LINE = re.compile(
    r"^\s*[^\W\d_][\w'.\- ]*?\s([0-9]{1,5})\s*(?:[a-zA-Z]|-?[0-9a-zA-Z]{1,4})?\s*$"
)
_NOT_A_HOME = re.compile(r"postbus|antwoordnummer|afdeling|gemeente|kantoor", re.IGNORECASE)
_NINE_DIGITS = re.compile(r"(?<![0-9])([0-9]{4}\.?[0-9]{2}\.?[0-9]{3}|[0-9]{9})(?![0-9])")
_GREETINGS = ("geachte", "beste", "hallo", "dag ", "l.s.", "met vriendelijke")


@dataclass(frozen=True)
class PostalHint:
    postcode: str
    house_number: int


def is_bsn(digits: str) -> bool:
    """The 11-test of the burgerservicenummer (elfproef)."""
    if not re.fullmatch(r"[0-9]{9}", digits) or digits == "000000000":
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:8], range(9, 1, -1), strict=True)
    )
    return (total - int(digits[8])) % 11 == 0


def bsn_masked(text: str) -> str:
    """``text`` with every BSN-looking number replaced by dots (for derived fields only)."""

    def mask(match: re.Match[str]) -> str:
        return "•••••••••" if is_bsn(match.group(1).replace(".", "")) else match.group(0)

    return _NINE_DIGITS.sub(mask, text)


def contains_bsn(text: str) -> bool:
    return any(is_bsn(found.replace(".", "")) for found in _NINE_DIGITS.findall(text))


def subject_from(text: str) -> str:
    """A "Betreft:" line when the letter has one, else its first line that reads like a
    sentence or title (not a name, an address, a date or a greeting); "Brief" otherwise."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        labelled = _SUBJECT_LABELS.match(line)
        if labelled and len(line) > labelled.end():
            return _short(line[labelled.end() :])
    for line in lines:
        if _is_meaningful(line):
            return _short(line)
    return DEFAULT_SUBJECT


def _is_meaningful(line: str) -> bool:
    words = re.findall(r"[^\W\d_]{2,}", line)
    if len(words) < 4 or len(line) < 20:
        return False
    return not (_POSTCODE.search(line) or line.lower().startswith(_GREETINGS))


def _short(line: str) -> str:
    return bsn_masked(line).strip(" :.-")[:200] or DEFAULT_SUBJECT


def postal_hint(text: str, *, own_postcodes: frozenset[str] = frozenset()) -> PostalHint | None:
    """The first postcode with a house number that is not the organisation's own address.

    The house number is on the same line after the postcode (``5611 AB 42``) or, in the usual
    Dutch address block, at the end of the street line just above it (``Lindelaan 42``)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        for match in _POSTCODE.finditer(line):
            postcode = f"{match.group(1)} {match.group(2)}"
            above = lines[index - 1] if index else ""
            if postcode in own_postcodes or _NOT_A_HOME.search(line) or _NOT_A_HOME.search(above):
                continue
            number = _house_number(line[match.end() :], above)
            if number is not None:
                return PostalHint(postcode=postcode, house_number=number)
    return None


def _house_number(after: str, above: str) -> int | None:
    same_line = _HOUSE_NUMBER_AFTER.match(after)
    if same_line:
        return int(same_line.group(1))
    street = _STREET_LINE.match(above)
    if street and not contains_bsn(above):
        return int(street.group(1))
    return None


def postcodes_in(text: str) -> frozenset[str]:
    """Every postcode in ``text`` (the organisation's return address), normalised."""
    return frozenset(f"{a} {b}" for a, b in _POSTCODE.findall(text.upper()))
