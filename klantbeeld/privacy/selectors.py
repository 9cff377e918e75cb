"""Reads of the privacy domain: who is acting, and what the processing log holds."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from klantbeeld.core.errors import PermissionMissing
from klantbeeld.core.models import Provider, User
from klantbeeld.privacy.accessors import Accessor, granted_activities
from klantbeeld.privacy.constants import AccessorKind, Activity
from klantbeeld.privacy.models import ProcessingLog


def accessor_for_user(user: User) -> Accessor:
    """The accessor for a logged-in employee; one without an organisation may process nothing."""
    if not user.is_authenticated or not user.is_active or user.provider_id is None:
        raise PermissionMissing("Dit account hoort niet bij een organisatie.")
    return Accessor(
        provider_id=user.provider_id,
        kind=AccessorKind.EMPLOYEE,
        identifier=str(user.uuid),
        granted=granted_activities(user.get_all_permissions()),
        user_id=user.pk,
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
