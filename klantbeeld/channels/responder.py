"""What happens after an inbound message is processed: the responder sees it (issue 6).

``KLANTBEELD_INBOUND_RESPONDER`` names a function ``(message_ids: list[int]) -> None``; the
digital assistant answers there. It runs after the processing transaction has committed, so
it never sees a message that is rolled back, and a responder that fails never undoes or
blocks the intake: the message is stored, threaded and routed whatever the responder does.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def responder_after_commit(message_ids: list[int]) -> None:
    """Schedule the responder for these processed messages once the transaction commits."""
    if settings.KLANTBEELD_INBOUND_RESPONDER and message_ids:
        ids = list(message_ids)
        transaction.on_commit(lambda: responder_run(ids))


def responder_run(message_ids: list[int]) -> None:
    try:
        responder = import_string(settings.KLANTBEELD_INBOUND_RESPONDER)
        responder(message_ids)
    except Exception:
        logger.exception("inbound responder failed", extra={"count": len(message_ids)})
