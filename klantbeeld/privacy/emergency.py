"""Break the glass (PRIV-04): an employee outside the customer's team opens one customer, with a
reason, for a short time; every grant waits for the privacy officer's review.

Only an exact identifier opens emergency access (the workspace asks for a BSN or customer
number), so it cannot be used to browse.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from klantbeeld.core import clock
from klantbeeld.core.errors import NotAccessible
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.models import EmergencyAccess
from klantbeeld.privacy.services import purpose_bound, purpose_check

logger = logging.getLogger(__name__)
MINIMUM_REASON = 20


@transaction.atomic
def emergency_access_grant(
    *, accessor: Accessor, data_subject: UUID, reason: str
) -> EmergencyAccess:
    purpose_check(accessor=accessor, activity=Activity.EMERGENCY_ACCESS)
    if len(reason.strip()) < MINIMUM_REASON:
        raise ValidationError(
            {
                "reason": f"Leg in minstens {MINIMUM_REASON} tekens uit waarom u deze klant nu moet helpen."
            }
        )
    now = clock.now()
    grant = EmergencyAccess(
        provider_id=accessor.provider_id,
        actor_id=accessor.identifier,
        data_subject=data_subject,
        reason=reason.strip(),
        granted_at=now,
        expires_at=now + timedelta(minutes=settings.KLANTBEELD_EMERGENCY_ACCESS_MINUTES),
    )
    grant.full_clean()
    grant.save()
    purpose_bound(
        accessor=accessor,
        activity=Activity.EMERGENCY_ACCESS,
        operation=Operation.READ,
        subjects=[data_subject],
    )
    logger.warning("emergency access granted actor=%s grant=%s", accessor.identifier, grant.uuid)
    return grant


def emergency_subjects(accessor: Accessor) -> list[UUID]:
    """The customers this employee holds unexpired emergency access to."""
    return list(
        EmergencyAccess.objects.filter(
            provider_id=accessor.provider_id,
            actor_id=accessor.identifier,
            expires_at__gt=clock.now(),
        ).values_list("data_subject", flat=True)
    )


def emergency_access_list(
    *, accessor: Accessor, open_only: bool = True
) -> QuerySet[EmergencyAccess]:
    purpose_check(accessor=accessor, activity=Activity.LOG_AUDIT)
    grants = EmergencyAccess.objects.filter(provider_id=accessor.provider_id)
    if open_only:
        grants = grants.filter(reviewed_at=None)
    return grants.order_by("-granted_at")


@transaction.atomic
def emergency_access_review(
    *, accessor: Accessor, grant_uuid: UUID | str, note: str
) -> EmergencyAccess:
    purpose_check(accessor=accessor, activity=Activity.LOG_AUDIT)
    grant = (
        emergency_access_list(accessor=accessor, open_only=False).filter(uuid=grant_uuid).first()
    )
    if grant is None:
        raise NotAccessible("Deze noodtoegang is niet gevonden.")
    if grant.reviewed_at is not None:
        raise ValidationError({"note": "Deze noodtoegang is al beoordeeld."})
    if not note.strip():
        raise ValidationError({"note": "Schrijf uw oordeel op: terecht, of wat er niet klopte."})
    grant.reviewed_at = clock.now()
    grant.reviewed_by = accessor.identifier
    grant.review_note = note.strip()
    grant.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    return grant
