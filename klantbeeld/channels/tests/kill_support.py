"""The other side of the kill test: run in separate processes against a file database.

``python -m klantbeeld.channels.tests.kill_support seed N`` stores N WhatsApp messages (from a
few hundred senders, some of them known customers) without processing them; ``count`` prints
the figures the test checks as JSON.
"""

from __future__ import annotations

import json
import os
import sys


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def seed(count: int) -> None:
    from django.db import transaction

    from klantbeeld.channels.intake import Incoming, inbound_receive
    from klantbeeld.core.constants import Channel, ProviderKind
    from klantbeeld.core.models import Provider
    from klantbeeld.parties.constants import DigitalAddressKind, PartyKind
    from klantbeeld.parties.models import DigitalAddress, Party
    from klantbeeld.privacy.services import processing_register_install

    provider = Provider.objects.create(
        code="kill", name="Gemeente Kill", kind=ProviderKind.MUNICIPALITY
    )
    processing_register_install(provider=provider)
    senders = [f"+316{index:08d}" for index in range(300)]
    with transaction.atomic():
        for index, number in enumerate(senders[:150]):
            party = Party.objects.create(
                provider=provider,
                number=f"{index + 1:07d}",
                kind=PartyKind.PERSON,
                given_names="Klant",
                surname=f"Nummer{index}",
                surname_key=f"nummer{index}",
                name_key=f"nummer{index} klant",
            )
            DigitalAddress.objects.create(
                provider=provider,
                party=party,
                kind=DigitalAddressKind.WHATSAPP,
                value=number,
                verified_at=party.created_at,
            )
        for index in range(count):
            inbound_receive(
                provider=provider,
                incoming=Incoming(
                    channel=Channel.WHATSAPP,
                    external_id=f"wamid.kill.{index}",
                    sender_address=senders[index % len(senders)],
                    sender_name="Klant",
                    body=f"Bericht {index} over mijn aanvraag",
                ),
            )


def count() -> dict[str, int]:
    from django.db.models import Count

    from klantbeeld.channels.constants import InboundStatus
    from klantbeeld.channels.models import InboundMessage
    from klantbeeld.contacts.models import ContactMoment

    messages = InboundMessage.objects.all()
    per_message = (
        ContactMoment.objects.values("metadata__inbound_message")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    return {
        "messages": messages.count(),
        "processed": messages.filter(status=InboundStatus.PROCESSED).count(),
        "waiting": messages.filter(status=InboundStatus.RECEIVED).count(),
        "quarantined": messages.filter(status=InboundStatus.QUARANTINED).count(),
        "linked": messages.exclude(contact_moment=None).values("contact_moment").distinct().count(),
        "contact_moments": ContactMoment.objects.count(),
        "duplicated": per_message.count(),
    }


if __name__ == "__main__":
    _setup()
    if sys.argv[1] == "seed":
        seed(int(sys.argv[2]))
    else:
        sys.stdout.write(json.dumps(count()))
