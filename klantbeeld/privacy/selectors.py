"""Reads of the privacy domain: who is acting, and what the processing log holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet

from klantbeeld.core.errors import PermissionMissing
from klantbeeld.core.models import Provider, User
from klantbeeld.privacy.accessors import Accessor, granted_activities
from klantbeeld.privacy.constants import SCOPE_ALL_CUSTOMERS, AccessorKind, Activity, Operation
from klantbeeld.privacy.models import ProcessingActivity, ProcessingLog
from klantbeeld.privacy.services import purpose_bound, purpose_check


def accessor_for_user(user: User) -> Accessor:
    """The accessor for a logged-in employee; one without an organisation may process nothing."""
    if not user.is_authenticated or not user.is_active or user.provider_id is None:
        raise PermissionMissing("Dit account hoort niet bij een organisatie.")
    permissions = user.get_all_permissions()
    return Accessor(
        provider_id=user.provider_id,
        kind=AccessorKind.EMPLOYEE,
        identifier=str(user.uuid),
        granted=granted_activities(permissions),
        user_id=user.pk,
        all_customers=f"privacy.{SCOPE_ALL_CUSTOMERS}" in permissions,
    )


def system_accessor(*, provider: Provider, task: str, activities: tuple[Activity, ...]) -> Accessor:
    """The accessor for a named background task or command acting for ``provider``."""
    return Accessor(
        provider_id=provider.pk,
        kind=AccessorKind.SYSTEM,
        identifier=task,
        granted=frozenset(activity.value for activity in activities),
    )


def processing_log_list(*, provider: Provider, data_subject: UUID) -> QuerySet[ProcessingLog]:
    return (
        ProcessingLog.objects.filter(provider=provider, data_subject=data_subject)
        .select_related("activity")
        .order_by("-occurred_at", "-id")
    )


def register_list(*, accessor: Accessor) -> QuerySet[ProcessingActivity]:
    """The organisation's processing register (AVG art. 30), for the privacy officer."""
    purpose_check(accessor=accessor, activity=Activity.REGISTER_MANAGE)
    return ProcessingActivity.objects.filter(provider_id=accessor.provider_id).order_by("name")


def register_export(*, accessor: Accessor) -> list[dict[str, object]]:
    """The register as rows for CSV or JSON export."""
    return [
        {
            "code": entry.code,
            "naam": entry.name,
            "doel": entry.purpose,
            "grondslag": entry.get_legal_basis_display(),
            "categorieen_persoonsgegevens": entry.data_categories,
            "bewaartermijn_dagen": entry.retention_days,
            "gewijzigd_op": entry.updated_at.isoformat(timespec="seconds"),
        }
        for entry in register_list(accessor=accessor)
    ]


@dataclass(frozen=True)
class LogQuery:
    data_subject: UUID | None = None
    actor: str = ""
    trace_id: str = ""
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class LogLine:
    record: ProcessingLog
    actor_name: str


LOG_QUERY_LIMIT = 200


def processing_log_search(*, accessor: Accessor, query: LogQuery) -> list[LogLine]:
    """What the processing log says, for the privacy officer (PRIV-04, SC-30). Looking into a
    customer's log lines is itself logged for that customer."""
    purpose_check(accessor=accessor, activity=Activity.LOG_AUDIT)
    records = ProcessingLog.objects.filter(provider_id=accessor.provider_id).select_related(
        "activity"
    )
    if query.data_subject:
        records = records.filter(data_subject=query.data_subject)
    if query.actor:
        records = records.filter(actor_id__in=_actor_ids(accessor.provider_id, query.actor))
    if query.trace_id:
        records = records.filter(trace_id=query.trace_id.strip().lower())
    if query.since:
        records = records.filter(occurred_at__gte=query.since)
    if query.until:
        records = records.filter(occurred_at__lt=query.until)
    found = list(records.order_by("-occurred_at", "-id")[:LOG_QUERY_LIMIT])
    names = actor_names(found)
    if query.data_subject:
        purpose_bound(
            accessor=accessor,
            activity=Activity.LOG_AUDIT,
            operation=Operation.READ,
            subjects=[query.data_subject],
        )
    return [
        LogLine(record=record, actor_name=names.get(record.actor_id, record.actor_id))
        for record in found
    ]


def _actor_ids(provider_id: int, actor: str) -> list[str]:
    """An employee's username or a task name, as the log's actor ids."""
    users = User.objects.filter(provider_id=provider_id, username=actor.strip())
    return [str(user_uuid) for user_uuid in users.values_list("uuid", flat=True)] + [actor.strip()]


def actor_names(records: list[ProcessingLog]) -> dict[str, str]:
    """Employee names for the actor ids of log records (system tasks keep their name)."""
    return employee_names([r.actor_id for r in records if r.actor_kind == AccessorKind.EMPLOYEE])


def employee_names(actor_ids: list[str]) -> dict[str, str]:
    valid = []
    for actor_id in set(actor_ids):
        try:
            valid.append(UUID(actor_id))
        except ValueError:
            continue  # a system task's name, not an employee
    users = User.objects.filter(uuid__in=valid).only("uuid", "first_name", "last_name", "username")
    return {str(user.uuid): user.get_full_name() or user.username for user in users}
