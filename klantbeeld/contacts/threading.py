"""Which conversation a new contact continues (CH-05, AR-02): one question, one thread.

A contact about a case continues that case's latest conversation; otherwise the customer's open
conversation on the same topic, if it was active recently, whatever channel it began in. A
contact without a topic (another system's, through the API) continues the open conversation
with the same subject.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from klantbeeld.contacts.constants import ConversationStatus
from klantbeeld.contacts.models import Case, Conversation
from klantbeeld.core.models import Topic
from klantbeeld.parties.models import Party

THREAD_IDLE_LIMIT = timedelta(days=30)


def conversation_to_continue(
    *, party: Party, topic: Topic | None, case: Case | None, at: datetime, subject: str = ""
) -> Conversation | None:
    if case is not None:
        latest = (
            case.contact_moments.exclude(conversation=None)
            .select_related("conversation")
            .order_by("-occurred_at")
            .first()
        )
        if latest and latest.conversation and latest.conversation.status == ConversationStatus.OPEN:
            return latest.conversation
    open_recently = Conversation.objects.filter(
        party=party, status=ConversationStatus.OPEN, last_activity_at__gte=at - THREAD_IDLE_LIMIT
    )
    if topic is not None:
        same = open_recently.filter(topic=topic)
    elif subject.strip():
        same = open_recently.filter(topic=None, subject__iexact=subject.strip())
    else:
        return None
    return same.order_by("-last_activity_at").first()


# A message without a subject of its own (WhatsApp, chat, a call) continues the customer's
# most recent open conversation when that was active this recently.
CHANNEL_CONTINUATION = timedelta(days=14)


def conversation_for_message(
    *, party: Party, topic: Topic | None, subject: str, at: datetime, has_own_subject: bool
) -> Conversation | None:
    """The conversation a channel message continues (CH-05): the same topic, else the same
    subject, else — for a message without a subject of its own — the latest open one.

    WhatsApp today, a call tomorrow, an e-mail reply after: one thread. A new e-mail with a
    subject of its own is a new question unless the triage gives it the same topic."""
    found = conversation_to_continue(party=party, topic=topic, case=None, at=at, subject=subject)
    if found is not None or has_own_subject:
        return found
    return (
        Conversation.objects.filter(
            party=party,
            status=ConversationStatus.OPEN,
            last_activity_at__gte=at - CHANNEL_CONTINUATION,
        )
        .order_by("-last_activity_at")
        .first()
    )


def conversation_choose(
    conversations: Iterable[Conversation],
    *,
    topic_id: int | None,
    subject: str,
    at: datetime,
    has_own_subject: bool,
) -> Conversation | None:
    """:func:`conversation_for_message` over conversations already in memory: one customer's
    conversations as a batch of messages has them (``ChannelMessageBatch``), including what
    earlier messages of the batch opened, reopened or moved. Same rules, same order; the
    subject compares case-insensitively as ``iexact`` does."""
    candidates = [
        conversation
        for conversation in conversations
        if conversation.status == ConversationStatus.OPEN
        and conversation.last_activity_at >= at - THREAD_IDLE_LIMIT
    ]
    wanted = subject.strip().upper()
    if topic_id is not None:
        same = [c for c in candidates if c.topic_id == topic_id]
    elif wanted:
        same = [c for c in candidates if c.topic_id is None and c.subject.upper() == wanted]
    else:
        same = []
    if same or has_own_subject:
        return _latest(same)
    recent = [c for c in candidates if c.last_activity_at >= at - CHANNEL_CONTINUATION]
    return _latest(recent)


def _latest(conversations: list[Conversation]) -> Conversation | None:
    return max(conversations, key=lambda c: c.last_activity_at, default=None)
