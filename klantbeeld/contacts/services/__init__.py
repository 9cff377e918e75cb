"""Writes of the contacts domain, split by sub-domain; import from here."""

from klantbeeld.contacts.services.actors import (
    automated_actor_create,
    automated_actor_get,
    employee_actor_create,
    team_create,
)
from klantbeeld.contacts.services.attachments import attachment_add
from klantbeeld.contacts.services.cases import (
    CaseInput,
    case_open,
    case_personal_handling_set,
    case_status_change,
    case_transfer,
)
from klantbeeld.contacts.services.followup import conversation_close, internal_task_complete
from klantbeeld.contacts.services.inbound import (
    ChannelMessageInput,
    channel_message_register,
    conversation_party_set,
    subject_plain,
)
from klantbeeld.contacts.services.moments import (
    AgreementInput,
    ContactMomentInput,
    contact_moment_register,
    contact_thread,
)

__all__ = [
    "AgreementInput",
    "CaseInput",
    "ChannelMessageInput",
    "ContactMomentInput",
    "attachment_add",
    "automated_actor_create",
    "automated_actor_get",
    "case_open",
    "case_personal_handling_set",
    "case_status_change",
    "case_transfer",
    "channel_message_register",
    "contact_moment_register",
    "contact_thread",
    "conversation_close",
    "conversation_party_set",
    "employee_actor_create",
    "internal_task_complete",
    "subject_plain",
    "team_create",
]
