"""Stories of Dienst Belastingen en Toeslagen: SC-12 a VAT question bounced between desks for a
small business (an organisation party with a KvK number and a contact person), the
bereavement, and (in ``uitvoering_personal``) SC-20, SC-27 and SC-28."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from klantbeeld.contacts.constants import CaseStatus, Outcome, Sentiment, TaskKind
from klantbeeld.core.constants import Channel, Direction
from klantbeeld.demo.people import AddressSpec
from klantbeeld.demo.stories import Story, person, prefers, reachable
from klantbeeld.demo.stories.bereavement import JOHANNA, UITVOERING_STEPS
from klantbeeld.demo.stories.script import At, Keep, OpenCase, Promise, Say, Status, play, scripted
from klantbeeld.demo.stories.uitvoering_personal import (
    ANGRY_ALLOWANCE_STEPS,
    CHATBOT_LOOP_STEPS,
    ELDERLY_STEPS,
    SAMIRA,
    TIM,
    WILLEM,
)
from klantbeeld.parties.constants import DigitalAddressKind, IdentifierKind, PostalAddressKind
from klantbeeld.parties.services import (
    AddressInput,
    digital_address_add,
    identifier_add,
    organisation_create,
    postal_address_set,
)
from klantbeeld.privacy.constants import Activity

if TYPE_CHECKING:
    from klantbeeld.demo.context import DemoContext
    from klantbeeld.parties.models import Party

IN, OUT = Direction.INBOUND, Direction.OUTBOUND
COMPANY_NAME = "Demir Schilderwerken"
COMPANY_KVK = "90123456"

# SC-12 as it should not go (AR-01, AR-03): a VAT refund question is passed from Toeslagen to
# Klantcontact to Inkomstenbelasting before the BTW team calls back, opens with "ik zie dat u
# drie keer bent doorverbonden", owns the case and sends a summary after the contact.
# Ayşe Demir is the contact person of her business, which is the customer here.
AYSE = person(
    ("Ayşe", "", "Demir"),
    date(1983, 4, 15),
    AddressSpec("Vlasakker", 18, "5616 HR", "Dommelstad"),
    prefers(Channel.PHONE),
    reachable(email="ayse@demir-schilderwerken.example.com", mobile="+31612345631"),
    bsn="172172172",
)
_VAT_QUESTION = (
    "Contactpersoon Ayşe Demir belt namens Demir Schilderwerken: de btw-teruggaaf over het "
    "tweede kwartaal is na 8 weken nog niet ontvangen."
)


def _hop(actor: str, clock: str, response: str) -> Say:
    """One desk in the chain that passes the question on (AR-01)."""
    return Say(
        At(12, clock),
        Channel.PHONE,
        IN,
        actor,
        subject="Btw-teruggaaf niet ontvangen",
        summary=_VAT_QUESTION,
        response=response,
        outcome=Outcome.TRANSFERRED,
        sentiment=Sentiment.NEUTRAL,
    )


VAT_STEPS = (
    _hop(
        "toeslagen",
        "09:05",
        "Via het keuzemenu bij Toeslagen terechtgekomen. Deze vraag hoort niet bij Toeslagen; "
        "doorverbonden met Klantcontact.",
    ),
    _hop(
        "kcc2",
        "09:21",
        "Mevrouw moest het verhaal opnieuw vertellen. Doorverbonden met Inkomstenbelasting, "
        "omdat het om een teruggaaf gaat.",
    ),
    Say(
        At(12, "09:40"),
        Channel.PHONE,
        IN,
        "inkomstenbelasting",
        subject="Btw-teruggaaf niet ontvangen",
        summary=_VAT_QUESTION,
        response="Een btw-teruggaaf valt niet onder inkomstenbelasting. Terugbelverzoek gemaakt "
        "voor het BTW-team.",
        outcome=Outcome.CALLBACK,
        sentiment=Sentiment.ANGRY,
        promises=(
            Promise(
                "Demir Schilderwerken terugbellen over de btw-teruggaaf",
                "team:BTW-team",
                At(10, "17:00"),
                TaskKind.CALLBACK,
            ),
        ),
        label="last_hop",
    ),
    OpenCase(
        At(11, "10:30"),
        goal="De btw-teruggaaf over het tweede kwartaal ontvangen",
        next_step="Bankafschrift met het nieuwe rekeningnummer ontvangen",
        lead_days=14,
        team="BTW-team",
        actor="specialist",
        owner="specialist",
    ),
    Say(
        At(11, "10:30"),
        Channel.PHONE,
        OUT,
        "specialist",
        subject="Btw-teruggaaf niet ontvangen",
        summary="Teruggebeld: 'Ik zie dat u drie keer bent doorverbonden, excuses daarvoor.' De "
        "teruggaaf stond stil omdat het rekeningnummer is gewijzigd en nog niet is gecontroleerd.",
        response="Gevraagd om een bankafschrift met het nieuwe rekeningnummer te uploaden in Mijn "
        "omgeving. Jan-Willem Vos blijft het aanspreekpunt.",
        outcome=Outcome.IN_PROGRESS,
        sentiment=Sentiment.NEUTRAL,
        on_case=True,
    ),
    Keep("last_hop", At(11, "10:30")),
    Status(At(11, "10:45"), CaseStatus.WAITING_FOR_CUSTOMER, "specialist"),
    Say(
        At(10, "19:30"),
        Channel.PORTAL,
        IN,
        "messenger",
        subject="Bankafschrift geüpload",
        summary="Bankafschrift met het nieuwe rekeningnummer geüpload in Mijn omgeving.",
        outcome=Outcome.IN_PROGRESS,
        on_case=True,
    ),
    Status(At(9, "09:00"), CaseStatus.IN_PROGRESS, "specialist"),
    Status(
        At(3, "14:00"),
        CaseStatus.DECIDED,
        "specialist",
        note="Teruggaaf van € 2.314 goedgekeurd",
        next_step="Uitbetaling binnen 5 werkdagen",
    ),
    Say(
        At(3, "14:05"),
        Channel.PORTAL,
        OUT,
        "specialist",
        subject="Uw btw-teruggaaf is goedgekeurd",
        summary="Samenvatting na het contact: de teruggaaf van € 2.314 is goedgekeurd en wordt "
        "binnen 5 werkdagen betaald op het nieuwe rekeningnummer.",
        outcome=Outcome.INFORMED,
        on_case=True,
    ),
)


def company_write(ctx: DemoContext) -> Party:
    """The business of Ayşe Demir, with its KvK number. The contact-person link (``works_for``)
    has no service yet, so the contacts name her in the summary instead."""
    ctx.written["parties"] += 1
    activity = Activity.DATA_IMPORT
    company = organisation_create(
        accessor=ctx.accessor, provider=ctx.provider, name=COMPANY_NAME, activity=activity
    )
    identifier_add(
        accessor=ctx.accessor,
        party=company,
        kind=IdentifierKind.KVK,
        value=COMPANY_KVK,
        activity=activity,
    )
    digital_address_add(
        accessor=ctx.accessor,
        party=company,
        kind=DigitalAddressKind.EMAIL,
        value="administratie@demir-schilderwerken.example.com",
        is_default=True,
        activity=activity,
    )
    postal_address_set(
        accessor=ctx.accessor,
        party=company,
        kind=PostalAddressKind.VISIT,
        address=AddressInput(
            street="Industrieweg", house_number=40, postcode="5627 BX", city="Dommelstad"
        ),
        activity=activity,
    )
    return company


def _vat_bounced(ctx: DemoContext, contact_person: Party) -> None:
    """The business is the customer; its contact person was written as the story's person."""
    play(ctx, company_write(ctx), topic="btw", steps=VAT_STEPS)


STORIES: tuple[Story, ...] = (
    Story(
        "SC-12",
        "Btw-vraag van loket naar loket",
        AYSE,
        f"Zoek '{COMPANY_NAME}' (KvK {COMPANY_KVK}): drie keer doorverbonden, daarna één "
        "eigenaar in het BTW-team.",
        _vat_bounced,
    ),
    Story(
        "SC-20",
        "Chatbot begrijpt het niet, dan een mens",
        TIM,
        "Assistent met twee keer 'niet begrepen', daarna een medewerker in de chat.",
        scripted("betalingsregeling", CHATBOT_LOOP_STEPS),
    ),
    Story(
        "SC-27",
        "Boos: toeslag niet ontvangen",
        SAMIRA,
        "Geen chatbot; binnen drie uur teruggebeld; spoedbetaling.",
        scripted("toeslagen", ANGRY_ALLOWANCE_STEPS),
    ),
    Story(
        "SC-28",
        "Oudere klant: brief en telefoon",
        WILLEM,
        "Voorkeur brief, 'u', hulp bij digitale zaken; aangifte samen aan de balie.",
        scripted("aangifte", ELDERLY_STEPS),
    ),
    Story(
        "Rouw",
        "Overlijden van haar man",
        JOHANNA,
        "Vaste contactpersoon Stefan Maas, gemoedstoestand verdrietig, open afspraak.",
        scripted("aangifte", UITVOERING_STEPS),
    ),
)
