"""Identifier and address checks (pure functions, no database)."""

import pytest
from django.core.exceptions import ValidationError

from klantbeeld.parties import validation


@pytest.mark.parametrize("value", ["111222333", "123456782"])
def test_a_bsn_that_passes_the_11_test_is_accepted(value):
    assert validation.normalize_bsn(value) == value


@pytest.mark.parametrize("value", ["111222334", "12345678", "abcdefghi", ""])
def test_a_bsn_that_fails_the_11_test_is_refused_in_dutch(value):
    with pytest.raises(ValidationError) as error:
        validation.normalize_bsn(value)
    assert "elfproef" in error.value.messages[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("06 12345678", "+31612345678"),
        ("+31 30 123 4567", "+31301234567"),
        ("0031612345678", "+31612345678"),
    ],
)
def test_phone_numbers_become_e164(value, expected):
    assert validation.normalize_phone(value) == expected


@pytest.mark.parametrize("value", ["12345", "06-1234", "telefoon", "+31 00 0000000"])
def test_an_invalid_phone_number_is_refused_with_an_example(value):
    with pytest.raises(ValidationError) as error:
        validation.normalize_phone(value)
    assert "06 12345678" in error.value.messages[0]


def test_postcodes_take_the_vng_form():
    assert validation.normalize_postcode(" 3511ab ") == "3511 AB"
    with pytest.raises(ValidationError):
        validation.normalize_postcode("0511 AB")


def test_postcode_and_house_number_are_read_together():
    assert validation.parse_postcode_and_number("3511AB 12") == ("3511 AB", 12)
    assert validation.parse_postcode_and_number("3511 ab, 7a") == ("3511 AB", 7)
    assert validation.parse_postcode_and_number("Jansen 12") is None


def test_email_domain_is_lower_cased_and_bad_addresses_refused():
    assert validation.normalize_email("Fatima.El@Voorbeeld.NL") == "Fatima.El@voorbeeld.nl"
    with pytest.raises(ValidationError):
        validation.normalize_email("geen-adres")


def test_name_key_folds_accents_and_punctuation():
    assert validation.name_key("Çelik-de Vries", "Zoë") == "celik de vries zoe"


@pytest.mark.parametrize(
    ("name", "key"), [("Yılmaz", "yilmaz"), ("Strauß", "strauss"), ("Søren Łukasz", "soren lukasz")]
)
def test_name_key_transliterates_letters_without_a_decomposition(name, key):
    assert validation.name_key(name) == key


def test_kvk_number_has_eight_digits():
    assert validation.normalize_kvk("1234 5678") == "12345678"
    with pytest.raises(ValidationError):
        validation.normalize_kvk("1234567")


@pytest.mark.parametrize(
    ("surname", "key"),
    [
        ("van der Berg", "berg"),
        ("el Amrani", "amrani"),
        ("De", "de"),
        ("Jansen-de Vries", "jansen de vries"),
    ],
)
def test_surname_key_skips_leading_particles(surname, key):
    assert validation.surname_key(surname) == key
