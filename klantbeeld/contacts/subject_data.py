"""A customer's contacts, cases and agreements for data subject requests (AVG 15, 17, 20).

Erasure anonymises the contact moments instead of deleting them: the words and the link to the
person go, the channel, topic, time and outcome stay, so aggregate statistics (contacts per
channel, first-contact resolution) remain true. Cases and agreements go with the person.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from klantbeeld.contacts.models import Attachment, Case, ContactMoment, InternalTask, Participant

ERASED = "[gewist op verzoek]"


def _moments(provider_id: int, subject: UUID) -> QuerySet[ContactMoment]:
    return ContactMoment.objects.filter(provider_id=provider_id, participants__party__uuid=subject)


def contacts_export(provider_id: int, subject: UUID) -> list[dict[str, Any]]:
    moments = _moments(provider_id, subject).select_related("topic").prefetch_related("actors")
    return [
        {
            "tijdstip": moment.occurred_at.isoformat(timespec="minutes"),
            "kanaal": moment.channel_name,
            "richting": moment.get_direction_display(),
            "onderwerp": moment.subject,
            "samenvatting": moment.summary,
            "reactie": moment.response,
            "uitkomst": moment.get_outcome_display(),
            "met": [actor.name for actor in moment.actors.all()],
        }
        for moment in moments.order_by("occurred_at")
    ]


def cases_export(provider_id: int, subject: UUID) -> list[dict[str, Any]]:
    cases = Case.objects.filter(provider_id=provider_id, party__uuid=subject).prefetch_related(
        "status_changes"
    )
    return [
        {
            "zaak": case.reference,
            "doel": case.goal,
            "status": case.get_status_display(),
            "stappen": [
                {
                    "op": change.changed_at.isoformat(timespec="minutes"),
                    "status": change.get_status_display(),
                    "toelichting": change.note,
                }
                for change in case.status_changes.all()
            ],
        }
        for case in cases
    ]


def agreements_export(provider_id: int, subject: UUID) -> list[dict[str, Any]]:
    tasks = InternalTask.objects.filter(
        provider_id=provider_id, party__uuid=subject
    ).select_related("assigned_to")
    return [
        {
            "afspraak": task.requested_action,
            "door": task.assigned_to.name if task.assigned_to else None,
            "uiterlijk": task.due_at.isoformat(timespec="minutes") if task.due_at else None,
            "status": task.get_status_display(),
        }
        for task in tasks
    ]


def contacts_erase(provider_id: int, subject: UUID) -> int:
    moment_ids = list(_moments(provider_id, subject).values_list("id", flat=True))
    for attachment in Attachment.objects.filter(contact_moment_id__in=moment_ids):
        attachment.file.delete(save=False)
    Attachment.objects.filter(contact_moment_id__in=moment_ids).delete()
    Participant.objects.filter(contact_moment_id__in=moment_ids).delete()
    return ContactMoment.objects.filter(id__in=moment_ids).update(
        subject=ERASED,
        summary="",
        content="",
        response="",
        metadata={},
        case=None,
        conversation=None,
    )


def cases_erase(provider_id: int, subject: UUID) -> int:
    deleted, _ = Case.objects.filter(provider_id=provider_id, party__uuid=subject).delete()
    return deleted


def agreements_erase(provider_id: int, subject: UUID) -> int:
    deleted, _ = InternalTask.objects.filter(provider_id=provider_id, party__uuid=subject).delete()
    return deleted


def contacts_expire(provider_id: int, before: datetime, held: set[UUID]) -> int:
    """Anonymise contact moments older than the retention period (customers under a legal
    hold excepted); their channel, topic, time and outcome remain for statistics."""
    old = ContactMoment.objects.filter(provider_id=provider_id, occurred_at__lt=before).exclude(
        subject=ERASED
    )
    if held:
        old = old.exclude(participants__party__uuid__in=held)
    moment_ids = list(old.values_list("id", flat=True))
    for attachment in Attachment.objects.filter(contact_moment_id__in=moment_ids):
        attachment.file.delete(save=False)
    Attachment.objects.filter(contact_moment_id__in=moment_ids).delete()
    Participant.objects.filter(contact_moment_id__in=moment_ids).delete()
    InternalTask.objects.filter(contact_moment_id__in=moment_ids, status="verwerkt").delete()
    return ContactMoment.objects.filter(id__in=moment_ids).update(
        subject=ERASED, summary="", content="", response="", metadata={}
    )


def cases_expire(provider_id: int, before: datetime, held: set[UUID]) -> int:
    """Delete cases closed before the retention period ended (legal holds excepted)."""
    old = Case.objects.filter(provider_id=provider_id, closed_at__lt=before)
    if held:
        old = old.exclude(party__uuid__in=held)
    deleted, _ = old.delete()
    return deleted
