"""The demo organisation's channels and inbox: accounts, queues, service norms, the employees'
capacity, reply templates, and a few messages waiting in the inbox (issue 5).

The messages take the real path (stored, then processed), so what the demo shows is what the
product does: a known customer's WhatsApp messages joined into one conversation, and an e-mail
from an address nobody verified, waiting for an employee to confirm who wrote it.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from klantbeeld.channels.intake import Incoming, inbound_receive
from klantbeeld.channels.models import ChannelAccount
from klantbeeld.channels.pipeline import inbound_process
from klantbeeld.core.constants import Channel
from klantbeeld.demo.context import DemoContext
from klantbeeld.parties.constants import AnswerStyle, DigitalAddressKind, PartyKind
from klantbeeld.parties.models import DigitalAddress, Party
from klantbeeld.routing.models import Agent, Queue, ReplyTemplate, SlaPolicy

# (channel, first response, resolution) in minutes: fast where the customer waits live.
SERVICE_NORMS = (
    (Channel.WEB_CHAT, 2, 24 * 60),
    (Channel.WHATSAPP, 60, 2 * 24 * 60),
    (Channel.EMAIL, 24 * 60, 5 * 24 * 60),
    (Channel.LETTER, 5 * 24 * 60, 15 * 24 * 60),
    (Channel.PHONE, 15, 2 * 24 * 60),
)

TEMPLATES = (
    (
        "Ontvangstbevestiging",
        AnswerStyle.SHORT,
        "Beste {naam},\n\nWe hebben uw bericht ontvangen en pakken het op. U hoort uiterlijk "
        "binnen twee werkdagen van ons.",
    ),
    (
        "Ontvangstbevestiging",
        AnswerStyle.EXTENSIVE,
        "Beste {naam},\n\nDank voor uw bericht. Een collega bekijkt uw vraag en neemt binnen "
        "twee werkdagen contact met u op. Heeft u nog iets aan te vullen? Antwoord dan gewoon "
        "op dit bericht; het komt bij dezelfde collega terecht.",
    ),
    (
        "Ontvangstbevestiging",
        AnswerStyle.REASSURING,
        "Beste {naam},\n\nUw bericht is goed bij ons aangekomen. U hoeft niets meer te doen: "
        "we nemen binnen twee werkdagen contact met u op en houden u op de hoogte.",
    ),
)


def demo_secret(code: str, purpose: str) -> str:
    """A fixed, public secret for the demo's channel accounts (never used in production)."""
    return hashlib.sha256(f"klantbeeld-demo:{code}:{purpose}".encode()).hexdigest()[:32]


def channels_install(ctx: DemoContext) -> None:
    code = ctx.provider.code
    accounts: tuple[tuple[str, str, str, dict[str, str]], ...] = (
        (Channel.EMAIL, "E-mail klantcontact", f"klantcontact@{code}.example.nl", {}),
        (
            Channel.WHATSAPP,
            "WhatsApp zakelijk",
            f"demo-{code}",
            {
                "app_secret": demo_secret(code, "whatsapp-app"),
                "verify_token": demo_secret(code, "whatsapp-verify"),
                "access_token": demo_secret(code, "whatsapp-token"),
                "template_name": "vervolg_op_uw_vraag",
            },
        ),
        (Channel.WEB_CHAT, "Webchat", code, {}),
        (Channel.LETTER, "Postkamer", f"post-{code}", {}),
        (
            Channel.PHONE,
            "Telefooncentrale",
            f"+3114{ctx.provider.pk:07d}",
            {"cti_secret": demo_secret(code, "cti")},
        ),
        (Channel.COUNTER, "Stadskantoor", f"{code}-stadskantoor", {"visit_address": "Markt 1"}),
    )
    for channel, name, address, settings in accounts:
        settings = {"inbound_token": demo_secret(code, f"{channel}-in"), **settings}
        ChannelAccount.objects.create(
            provider=ctx.provider, channel=channel, name=name, address=address, settings=settings
        )
    for channel, first, resolution in SERVICE_NORMS:
        SlaPolicy.objects.create(
            provider=ctx.provider,
            channel=channel,
            first_response_minutes=first,
            resolution_minutes=resolution,
        )
    queues = _queues(ctx)
    for actor in ctx.staff.values():
        if actor.user_id is None:
            continue
        agent = Agent.objects.create(actor=actor, capacity=6)
        own = [queue for queue in queues if queue.team_id == actor.team_id]
        agent.queues.set(own or queues[:1])
    for title, style, body in TEMPLATES:
        ReplyTemplate.objects.create(
            provider=ctx.provider, title=title, answer_style=style, body=body
        )
    _waiting_messages(ctx)


def _queues(ctx: DemoContext) -> list[Queue]:
    queues = []
    for index, (name, team) in enumerate(ctx.teams.items()):
        queues.append(
            Queue.objects.create(provider=ctx.provider, name=name, team=team, is_default=index == 0)
        )
    return queues


def _waiting_messages(ctx: DemoContext) -> None:
    """Two WhatsApp messages of a known customer and one e-mail from an unverified address."""
    customers = list(
        Party.objects.filter(provider=ctx.provider, kind=PartyKind.PERSON)
        .exclude(surname="")
        .order_by("number")[:2]
    )
    if len(customers) < 2:
        return
    known, lookalike = customers
    number = f"+3168700{ctx.provider.pk:04d}"
    DigitalAddress.objects.create(
        provider=ctx.provider,
        party=known,
        kind=DigitalAddressKind.WHATSAPP,
        value=number,
        verified_at=ctx.at(90),
    )
    texts = (
        "Goedemiddag, ik heb vorige week een vraag gesteld maar nog niets gehoord.",
        "Kunt u mij laten weten wanneer ik antwoord krijg? Alvast bedankt.",
    )
    for index, text in enumerate(texts):
        _deliver(
            ctx,
            Incoming(
                channel=Channel.WHATSAPP,
                external_id=f"wamid.demo.{ctx.provider.code}.{index}",
                sender_address=number,
                sender_name=known.display_name,
                body=text,
                sent_at=ctx.now - _minutes(50 - 20 * index),
            ),
        )
    _deliver(
        ctx,
        Incoming(
            channel=Channel.EMAIL,
            external_id=f"<demo-{ctx.provider.code}@mail.example.nl>",
            sender_address=f"{lookalike.surname.lower().replace(' ', '')}.nieuw@mail.example.nl",
            sender_name=lookalike.display_name,
            subject="Nieuw e-mailadres en een vraag",
            body="Beste mevrouw, meneer,\n\nIk heb een nieuw e-mailadres. Kunt u dat "
            "aanpassen? En wanneer wordt mijn aanvraag behandeld?\n\nMet vriendelijke groet,\n"
            f"{lookalike.display_name}",
            sent_at=ctx.now - _minutes(5),
        ),
    )


def _deliver(ctx: DemoContext, incoming: Incoming) -> None:
    receipt = inbound_receive(provider=ctx.provider, incoming=incoming)
    inbound_process(receipt.message.pk)
    ctx.written["inbound messages"] += 1


def _minutes(count: int) -> timedelta:
    return timedelta(minutes=count)


def channel_guide(code: str, base_url: str) -> list[str]:
    """Lines for the demo's welcome text: the inbox, the chat, the booking page, a raw e-mail."""
    email = ChannelAccount.objects.filter(
        provider__code=code, channel=Channel.EMAIL, is_active=True
    ).first()
    if email is None:
        return []
    lines = [
        f"Inbox voor medewerkers: {base_url}/workspace/inbox/",
        f"Webchat als inwoner, eerst met de digitale assistent: {base_url}/kanalen/webchat/{code}/"
        " (vraag bijv. 'Mijn container is niet geleegd', typ daarna 'medewerker')",
        f"Afspraak maken aan de balie (zonder DigiD): {base_url}/kanalen/balie/{code}/afspraak/",
        "Een e-mail laten binnenkomen:",
        f"  curl -H 'Authorization: Bearer {email.settings['inbound_token']}' "
        "-H 'Content-Type: message/rfc822' --data-binary @bericht.eml "
        f"{base_url}/kanalen/email/{email.uuid}/raw",
    ]
    return lines
