"""Writes of the privacy domain: the register, roles, and the processing log (PRIV-01, PRIV-05).

:func:`purpose_bound` is the single gate every read or write of personal data passes: it checks
that the accessor's role grants the processing activity and then logs the operation for each
data subject, in the caller's transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction

from klantbeeld.core import clock
from klantbeeld.core.bulk import rows_insert
from klantbeeld.core.errors import NotAccessible, PermissionMissing
from klantbeeld.core.memo import memoized
from klantbeeld.core.models import Provider
from klantbeeld.core.tracing import current_trace_id
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.catalogue import entries_for, entry_fields
from klantbeeld.privacy.chain import GENESIS
from klantbeeld.privacy.constants import SCOPE_ALL_CUSTOMERS, Activity, Operation
from klantbeeld.privacy.logbook import seal_after_commit
from klantbeeld.privacy.models import (
    ProcessingActivity,
    ProcessingLog,
    ProcessingLogChain,
    ProcessingRestriction,
)
from klantbeeld.privacy.roles import ROLE_ACTIVITIES, ROLES_SERVING_ALL_CUSTOMERS

logger = logging.getLogger(__name__)


@transaction.atomic
def processing_register_install(*, provider: Provider) -> list[ProcessingActivity]:
    """Give ``provider`` every default register entry it lacks; existing wording is kept."""
    existing = set(provider.activities.values_list("code", flat=True))
    created = [
        ProcessingActivity(provider=provider, **entry_fields(entry))
        for entry in entries_for(provider.kind)
        if entry.activity.value not in existing
    ]
    for activity in created:
        activity.full_clean()
    ProcessingLogChain.objects.get_or_create(
        provider=provider, defaults={"last_hash": GENESIS, "anchor_hash": GENESIS}
    )
    return ProcessingActivity.objects.bulk_create(created)


@transaction.atomic
def roles_install() -> list[Group]:
    """Create or update one group per role with exactly its activity (and scope) permissions."""
    permissions = {
        permission.codename: permission
        for permission in Permission.objects.filter(content_type__app_label="privacy")
    }
    groups = []
    for role, activities in ROLE_ACTIVITIES.items():
        codes = [activity.value for activity in activities]
        if role in ROLES_SERVING_ALL_CUSTOMERS:
            codes.append(SCOPE_ALL_CUSTOMERS)
        group, _ = Group.objects.get_or_create(name=role)
        # Only the privacy permissions are this role table's; other apps add their own.
        group.permissions.remove(*group.permissions.filter(content_type__app_label="privacy"))
        group.permissions.add(*[permissions[code] for code in codes])
        groups.append(group)
    return groups


def purpose_check(*, accessor: Accessor, activity: Activity) -> None:
    if not accessor.may(activity):
        raise PermissionMissing("U heeft geen toestemming voor deze handeling.")


# What may still happen to data whose processing is restricted (AVG 18): the request itself,
# correction, consent changes and the privacy officer's audit.
ALLOWED_WHILE_RESTRICTED = frozenset(
    {
        Activity.SUBJECT_REQUEST,
        Activity.DATA_CORRECTION,
        Activity.CONSENT_RECORD,
        Activity.LOG_AUDIT,
    }
)


class ProcessingRestricted(PermissionMissing):
    code = "processing_restricted"
    status = 403


def purpose_bound(
    *,
    accessor: Accessor,
    activity: Activity,
    operation: Operation,
    subjects: Iterable[UUID | None],
) -> int:
    """Check the purpose and any restriction, then log one operation per data subject
    (Logboek Dataverwerkingen)."""
    purpose_check(accessor=accessor, activity=activity)
    subjects = list(subjects)
    if activity not in ALLOWED_WHILE_RESTRICTED and restricted_subjects(
        accessor.provider_id, subjects
    ):
        raise ProcessingRestricted(
            "De klant heeft gevraagd het gebruik van de gegevens te beperken (AVG artikel 18). "
            "Neem contact op met de privacy officer."
        )
    return processing_log_write(
        accessor=accessor, activity=activity, operation=operation, subjects=subjects
    )


def restricted_subjects(provider_id: int, subjects: Iterable[UUID | None]) -> set[UUID]:
    wanted = [subject for subject in subjects if subject is not None]
    if not wanted:
        return set()
    return set(
        ProcessingRestriction.objects.filter(
            provider_id=provider_id, data_subject__in=wanted, lifted_at=None
        ).values_list("data_subject", flat=True)
    )


def processing_log_write(
    *,
    accessor: Accessor,
    activity: Activity,
    operation: Operation,
    subjects: Iterable[UUID | None],
) -> int:
    """Write one processing-log record per data subject; returns how many."""
    activity_id = memoized(
        ("privacy.activity", accessor.provider_id, activity.value),
        lambda: (
            ProcessingActivity.objects.filter(provider_id=accessor.provider_id, code=activity.value)
            .values_list("id", flat=True)
            .first()
        ),
    )
    if activity_id is None:
        # The register is installed with every organisation; a gap is a deployment error.
        raise LookupError(
            f"Processing activity {activity.value!r} is missing from the register of "
            f"provider {accessor.provider_id}."
        )
    occurred_at = clock.now()
    trace_id = current_trace_id()
    # One record per data subject; an import logs thousands at once, so set-based.
    count = rows_insert(
        ProcessingLog,
        [
            {
                "provider_id": accessor.provider_id,
                "activity_id": activity_id,
                "occurred_at": occurred_at,
                "trace_id": trace_id,
                "data_subject": subject,
                "actor_kind": str(accessor.kind),
                "actor_id": accessor.identifier,
                "operation": str(operation),
            }
            for subject in subjects
        ],
    )
    if count:
        seal_after_commit(accessor.provider_id)
    return count


@dataclass(frozen=True)
class RegisterEntryChange:
    name: str
    purpose: str
    data_categories: str
    retention_days: int


@transaction.atomic
def register_entry_update(
    *, accessor: Accessor, activity_uuid: UUID | str, change: RegisterEntryChange
) -> ProcessingActivity:
    """The privacy officer refines an entry's wording and retention. The code and the legal
    basis stay as the product defines them: consent checks rest on the legal basis."""
    purpose_check(accessor=accessor, activity=Activity.REGISTER_MANAGE)
    try:
        entry = ProcessingActivity.objects.select_for_update().get(
            provider_id=accessor.provider_id, uuid=activity_uuid
        )
    except (ProcessingActivity.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotAccessible("Deze verwerkingsactiviteit is niet gevonden.") from exc
    if change.retention_days < 1:
        raise ValidationError({"retention_days": "Een bewaartermijn is minstens één dag."})
    if not change.purpose.strip():
        raise ValidationError(
            {"purpose": "Beschrijf het doel; zonder doel geen verwerking (PRIV-01)."}
        )
    entry.name = change.name.strip()
    entry.purpose = change.purpose.strip()
    entry.data_categories = change.data_categories.strip()
    entry.retention_days = change.retention_days
    entry.full_clean()
    entry.save()
    logger.info("register entry changed activity=%s actor=%s", entry.code, accessor.identifier)
    return entry
