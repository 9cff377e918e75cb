"""Which conversation a new contact continues (CH-05, AR-02): one question, one thread.

A contact about a case continues that case's latest conversation; otherwise the customer's open
conversation on the same topic, if it was active recently, whatever channel it began in. A
contact without a topic (another system's, through the API) continues the open conversation
with the same subject.
"""

from __future__ import annotations

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
