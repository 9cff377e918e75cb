"""Follow-up: complete an agreement, close a conversation."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from klantbeeld.contacts.constants import (
    ConversationStatus,
    TaskStatus,
)
from klantbeeld.contacts.models import (
    Conversation,
    InternalTask,
)
from klantbeeld.contacts.services.guards import _not_in_future
from klantbeeld.core.errors import NotAccessible
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound, purpose_check


@transaction.atomic
def internal_task_complete(*, accessor: Accessor, task: InternalTask, at: datetime) -> InternalTask:
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    if task.provider_id != accessor.provider_id:
        raise NotAccessible("Deze afspraak is niet gevonden.")
    _not_in_future("at", at)
    if at < task.assigned_at:
        raise ValidationError({"at": "Een afspraak kan niet zijn afgehandeld vóór ze is gemaakt."})
    if task.status == TaskStatus.DONE:
        raise ValidationError({"status": "Deze afspraak is al afgehandeld."})
    task.status = TaskStatus.DONE
    task.completed_at = at
    task.save(update_fields=["status", "completed_at", "updated_at"])
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.UPDATE,
        subjects=[task.party.uuid] if task.party else [],
    )
    return task


@transaction.atomic
def conversation_close(
    *, accessor: Accessor, conversation: Conversation, at: datetime
) -> Conversation:
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    if conversation.provider_id != accessor.provider_id:
        raise NotAccessible("Dit gesprek is niet gevonden.")
    _not_in_future("at", at)
    if at < conversation.opened_at:
        raise ValidationError({"at": "Een gesprek kan niet sluiten vóór het begon."})
    conversation.status = ConversationStatus.CLOSED
    conversation.closed_at = at
    conversation.save(update_fields=["status", "closed_at", "updated_at"])
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.UPDATE,
        subjects=[conversation.party.uuid] if conversation.party else [],
    )
    return conversation
