"""Field groups several resources share: addresses, contact names, object identifiers."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django_filters import rest_framework as filters
from rest_framework import serializers

from klantbeeld.api.base import GroupSerializer
from klantbeeld.parties.constants import NETHERLANDS

PHONE = RegexValidator(
    r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$",
    "Geef een telefoonnummer als 0612345678, +31612345678 of 0031612345678.",
)
NUMMERAANDUIDING = RegexValidator(r"^[0-9]{16}$", "Een nummeraanduiding-id heeft 16 cijfers.")
POSTCODE = RegexValidator(r"^[1-9][0-9]{3} [A-Z]{2}$", "Schrijf de postcode als 1234 AB.")

# API name → column, for the address group of the standard (parties.models.AddressFields).
ADDRESS_COLUMNS = {
    "nummeraanduidingId": "bag_id",
    "straatnaam": "street",
    "huisnummer": "house_number",
    "huisnummertoevoeging": "house_number_suffix",
    "postcode": "postcode",
    "stad": "city",
    "adresregel1": "address_line_1",
    "adresregel2": "address_line_2",
    "adresregel3": "address_line_3",
    "land": "country_code",
}
# A group without "land" is a Dutch address, as the default of the column says.
ADDRESS_BLANK = dict.fromkeys(ADDRESS_COLUMNS.values(), "") | {
    "house_number": None,
    "country_code": NETHERLANDS,
}


def text(max_length: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, trim_whitespace=False, **kwargs
    )


class AddressSerializer(GroupSerializer):
    nummeraanduidingId = text(16, source="bag_id", validators=[NUMMERAANDUIDING])
    straatnaam = text(255, source="street")
    huisnummer = serializers.IntegerField(
        source="house_number", min_value=1, max_value=99999, allow_null=True, required=False
    )
    huisnummertoevoeging = text(20, source="house_number_suffix")
    postcode = text(7, validators=[POSTCODE])
    stad = text(255, source="city")
    adresregel1 = text(80, source="address_line_1")
    adresregel2 = text(80, source="address_line_2")
    adresregel3 = text(80, source="address_line_3")
    land = serializers.CharField(
        source="country_code", min_length=2, max_length=2, required=False, allow_blank=True
    )


def address_columns(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """Validated group → model columns (missing ones blank), or None for ``null``."""
    if values is None:
        return None
    return ADDRESS_BLANK | dict(values)


class ContactNameSerializer(GroupSerializer):
    """``contactnaam`` of a person or contact person: the name they want to be addressed by."""

    voorletters = text(10, source="initials")
    voornaam = text(200, source="given_names")
    voorvoegselAchternaam = text(10, source="surname_prefix")
    achternaam = text(200, source="surname")


NAME_BLANK = {"initials": "", "given_names": "", "surname_prefix": "", "surname": ""}


class ObjectIdentifierSerializer(GroupSerializer):
    """The identifier of an object in another register (onderwerpobject, bijlage, actor)."""

    objectId = text(200, source="object_id")
    codeObjecttype = text(200, source="object_type")
    codeRegister = text(200, source="register")
    codeSoortObjectId = text(200, source="id_kind")


IDENTIFIER_BLANK = {"object_id": "", "object_type": "", "register": "", "id_kind": ""}


def identifier_group(instance: Any) -> dict[str, str]:
    return {
        "objectId": instance.object_id,
        "codeObjecttype": instance.object_type,
        "codeRegister": instance.register,
        "codeSoortObjectId": instance.id_kind,
    }


# Blank is left out for these: the standard gives them a pattern or a length.
_PATTERNED = ("nummeraanduidingId", "postcode", "land")


def address_group(address: Any) -> dict[str, Any] | None:
    if address is None:
        return None
    return {
        name: getattr(address, column)
        for name, column in ADDRESS_COLUMNS.items()
        if not (name in _PATTERNED and getattr(address, column) == "")
    }


def identifier_columns_set(row: Any, values: dict[str, Any] | None) -> None:
    blank = {"object_id": "", "object_type": "", "register": "", "id_kind": ""}
    for column, value in (blank | dict(values or {})).items():
        setattr(row, column, value)


def object_identifier_filters(prefix: str, path: str) -> dict[str, filters.Filter]:
    columns = {
        "CodeObjecttype": "object_type",
        "CodeRegister": "register",
        "CodeSoortObjectId": "id_kind",
        "ObjectId": "object_id",
    }
    return {
        f"{prefix}{name}": filters.CharFilter(field_name=f"{path}{column}", distinct=bool(path))
        for name, column in columns.items()
    }
