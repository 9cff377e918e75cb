"""Checks and normal forms of identifiers and addresses. Pure functions; Dutch messages.

BSN and RSIN pass the 11-test (elfproef), phone numbers become E.164, postcodes take the
``1234 AB`` form of the VNG spec, e-mail domains are lower-cased.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as stdnum_bsn

_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s?([A-Za-z]{2})\s*$")
_KVK = re.compile(r"^[0-9]{8}$")
_BRANCH = re.compile(r"^[0-9]{12}$")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def normalize_bsn(value: str) -> str:
    try:
        return str(stdnum_bsn.validate(value))
    except StdnumError as exc:
        raise ValidationError(
            "Dit is geen geldig BSN: een BSN heeft 9 cijfers en voldoet aan de elfproef.",
            code="invalid_bsn",
        ) from exc


def is_bsn(value: str) -> bool:
    return stdnum_bsn.is_valid(value)


def normalize_kvk(value: str) -> str:
    cleaned = value.replace(" ", "")
    if not _KVK.match(cleaned):
        raise ValidationError("Een KvK-nummer heeft 8 cijfers.", code="invalid_kvk")
    return cleaned


def normalize_branch_number(value: str) -> str:
    cleaned = value.replace(" ", "")
    if not _BRANCH.match(cleaned):
        raise ValidationError("Een vestigingsnummer heeft 12 cijfers.", code="invalid_branch")
    return cleaned


def normalize_phone(value: str) -> str:
    """A Dutch or international number in E.164 (``+31612345678``)."""
    try:
        parsed = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_PHONE_MESSAGE, code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_PHONE_MESSAGE, code="invalid_phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


_PHONE_MESSAGE = (
    "Dit is geen geldig telefoonnummer. Gebruik bijvoorbeeld 06 12345678 of +31 30 1234567."
)


def looks_like_phone(value: str) -> bool:
    digits = re.sub(r"[\s\-().]", "", value)
    return bool(re.fullmatch(r"\+?[0-9]{9,15}", digits))


def normalize_email(value: str) -> str:
    cleaned = value.strip()
    try:
        validate_email(cleaned)
    except ValidationError as exc:
        raise ValidationError(
            "Dit is geen geldig e-mailadres, zoals naam@voorbeeld.nl.", code="invalid_email"
        ) from exc
    local, _, domain = cleaned.rpartition("@")
    return f"{local}@{domain.lower()}"


def normalize_postcode(value: str) -> str:
    match = _POSTCODE.match(value)
    if not match:
        raise ValidationError(
            "Een postcode heeft vier cijfers en twee letters, zoals 3511 AB.",
            code="invalid_postcode",
        )
    return f"{match.group(1)} {match.group(2).upper()}"


def parse_postcode_and_number(value: str) -> tuple[str, int] | None:
    """``'3511AB 12'`` or ``'3511 ab, 12'`` → ``('3511 AB', 12)``; anything else → None."""
    match = re.fullmatch(r"\s*([1-9][0-9]{3})\s?([A-Za-z]{2})[\s,]+([0-9]{1,5})\s*\S*\s*", value)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2).upper()}", int(match.group(3))


# Leading particles (tussenvoegsels) are not where people start a surname search: "Amrani",
# not "el Amrani"; "Vries", not "de Vries" (the BRP keeps them apart from the surname too).
_PARTICLES = frozenset(
    [
        "d",
        "de",
        "den",
        "der",
        "des",
        "di",
        "du",
        "el",
        "al",
        "la",
        "le",
        "les",
        "lo",
        "op",
        "in",
        "het",
        "t",
        "s",
        "ten",
        "ter",
        "te",
        "van",
        "von",
        "vd",
        "a",
        "aan",
        "bij",
        "uit",
        "uijt",
    ]
)


def surname_key(surname: str) -> str:
    """The surname without leading particles, for prefix search: 'van der Berg' → 'berg'."""
    words = name_key(surname).split()
    while len(words) > 1 and words[0] in _PARTICLES:
        words.pop(0)
    return " ".join(words)


# Letters that Unicode decomposition does not reduce to ASCII ("Yılmaz", "Strauß").
_TRANSLITERATION = str.maketrans(
    {
        "ı": "i",
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "þ": "th",
        "Þ": "th",
        "ð": "d",
        "ĳ": "ij",
        "Ĳ": "ij",
    }
)


def name_key(*parts: str) -> str:
    """Lower-case ASCII words for name search: 'Çelik-de Vries' → 'celik de vries'."""
    text = " ".join(part for part in parts if part).translate(_TRANSLITERATION)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NON_WORD.sub(" ", folded.lower()).split())
