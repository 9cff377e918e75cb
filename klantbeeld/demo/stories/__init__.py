"""Scenario stories (REQUIREMENTS.md section 3): fixed, memorable people whose history tells
one coherent story each, across channels, cases, agreements and feelings.

A story is data (:class:`Story`) plus one function that writes it through the services. The
people have fixed names, not Faker names, so a demo guide and a test can refer to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from klantbeeld.core.constants import Channel
from klantbeeld.demo.people import AddressSpec, DigitalAddressSpec, PersonSpec
from klantbeeld.parties.constants import AnswerStyle, DigitalAddressKind, FormOfAddress
from klantbeeld.parties.services import PreferenceInput

if TYPE_CHECKING:
    from klantbeeld.demo.context import DemoContext
    from klantbeeld.parties.models import Party


@dataclass(frozen=True)
class Story:
    scenario: str
    title: str
    person: PersonSpec
    look_at: str
    write: Callable[[DemoContext, Party], None]
    login: str = "kcc"


def reachable(
    *,
    email: str = "",
    mobile: str = "",
    landline: str = "",
    whatsapp: bool = False,
) -> tuple[DigitalAddressSpec, ...]:
    """Digital addresses of a scenario person; phone numbers verified (screen-pop, CV-03)."""
    addresses = []
    if email:
        addresses.append(DigitalAddressSpec(DigitalAddressKind.EMAIL, email, None, True))
    if mobile:
        addresses.append(DigitalAddressSpec(DigitalAddressKind.PHONE, mobile, 200, True, "mobiel"))
    if whatsapp:
        addresses.append(DigitalAddressSpec(DigitalAddressKind.WHATSAPP, mobile, 200, True))
    if landline:
        addresses.append(
            DigitalAddressSpec(DigitalAddressKind.PHONE, landline, 400, not mobile, "vast")
        )
    return tuple(addresses)


def prefers(
    channel: Channel,
    *,
    style: AnswerStyle = AnswerStyle.SHORT,
    informal: bool = False,
    digital_help: bool = False,
    accessibility: str = "",
) -> PreferenceInput:
    return PreferenceInput(
        preferred_channel=channel.value,
        answer_style=style.value,
        form_of_address=FormOfAddress.INFORMAL if informal else FormOfAddress.FORMAL,
        needs_digital_help=digital_help,
        accessibility_needs=accessibility,
    )


def person(
    name: tuple[str, str, str],
    born: date,
    address: AddressSpec,
    preference: PreferenceInput,
    addresses: tuple[DigitalAddressSpec, ...],
    *,
    bsn: str = "",
    customer_number: str = "",
) -> PersonSpec:
    """``name`` is (given names, surname prefix, surname)."""
    given, prefix, surname = name
    return PersonSpec(
        given_names=given,
        surname_prefix=prefix,
        surname=surname,
        date_of_birth=born,
        address=address,
        preference=preference,
        bsn=bsn,
        customer_number=customer_number,
        digital_addresses=addresses,
    )


def stories_for(org_code: str) -> tuple[Story, ...]:
    from klantbeeld.demo.stories import gemeente, uitvoering, vervoer, water

    by_org = {
        "gemeente": gemeente.STORIES,
        "water": water.STORIES,
        "vervoer": vervoer.STORIES,
        "uitvoering": uitvoering.STORIES,
    }
    return by_org[org_code]
