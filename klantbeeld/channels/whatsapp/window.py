"""The 24-hour customer service window of WhatsApp (issue 5, "WhatsApp"; WA-01, WA-04).

Meta lets a business answer in free text only within 24 hours of the customer's last message
to that business number; after that, only an approved template may open the conversation
again. The window is measured from the moment the customer sent their last message (the
Cloud API ``timestamp``), falling back to when we received it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce

from klantbeeld.channels.constants import InboundKind
from klantbeeld.channels.models import ChannelAccount, InboundMessage
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel

SERVICE_WINDOW = timedelta(hours=24)


def last_customer_message_at(account: ChannelAccount, address: str) -> datetime | None:
    """When the customer at ``address`` (E.164) last wrote to this organisation on WhatsApp.

    A message in quarantine counts too: the customer did write, whatever we made of it."""
    last = (
        InboundMessage.objects.filter(
            Q(account=account) | Q(account__isnull=True),
            provider_id=account.provider_id,
            channel=Channel.WHATSAPP,
            kind=InboundKind.MESSAGE,
            sender_address=address,
        )
        .annotate(written_at=Coalesce("sent_at", "received_at"))
        .order_by("-written_at")
        .values_list("written_at", flat=True)
        .first()
    )
    return last


def window_open(last_message_at: datetime | None, *, now: datetime | None = None) -> bool:
    """Whether free text may still be sent (strictly within 24 hours of the last message)."""
    if last_message_at is None:
        return False
    return (now or clock.now()) - last_message_at < SERVICE_WINDOW
