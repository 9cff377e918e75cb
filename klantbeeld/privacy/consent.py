"""Consent per purpose and data category, checked at the moment of use (PRIV-03, PRIV-11,
SC-29). Given consent can be withdrawn at any time, or end by itself (``valid_until``).
Conservative by default: no decision means no consent.

Writes (``consent_give``, ``consent_withdraw``) log the change for the customer; reads
(``consent_is_given``, ``consent_required``) are what proactive rules and the assistant call
just before they use the data, never when a rule is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from klantbeeld.core import clock
from klantbeeld.core.errors import ApplicationError
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.catalogue import consent_categories
from klantbeeld.privacy.constants import (
    Activity,
    ConsentDecision,
    DataCategory,
    LegalBasis,
    Operation,
)
from klantbeeld.privacy.models import ConsentRecord, ProcessingActivity
from klantbeeld.privacy.services import purpose_bound, purpose_check


class ConsentMissing(ApplicationError):
    code = "consent_missing"
    status = 403


@dataclass(frozen=True)
class ConsentChange:
    data_subject: UUID
    activity: Activity
    data_category: DataCategory
    channel: str
    valid_until: datetime | None = None


def _consent_activity(provider_id: int, change: ConsentChange) -> ProcessingActivity:
    activity = ProcessingActivity.objects.filter(
        provider_id=provider_id, code=change.activity
    ).first()
    if activity is None or activity.legal_basis != LegalBasis.CONSENT:
        raise ValidationError(
            {
                "activity": "Voor dit doel vraagt de organisatie geen toestemming; het rust op een andere grondslag."
            }
        )
    if change.data_category not in consent_categories(change.activity):
        raise ValidationError({"data_category": "Deze gegevens horen niet bij dit doel."})
    return activity


@transaction.atomic
def _consent_record(
    accessor: Accessor, change: ConsentChange, decision: ConsentDecision
) -> ConsentRecord:
    purpose_check(accessor=accessor, activity=Activity.CONSENT_RECORD)
    activity = _consent_activity(accessor.provider_id, change)
    now = clock.now()
    if change.valid_until is not None and change.valid_until <= now:
        raise ValidationError({"valid_until": "Een einddatum moet in de toekomst liggen."})
    record = ConsentRecord(
        provider_id=accessor.provider_id,
        data_subject=change.data_subject,
        activity=activity,
        data_category=change.data_category,
        decision=decision,
        decided_at=now,
        valid_until=change.valid_until if decision == ConsentDecision.GIVEN else None,
        channel=change.channel,
        recorded_by_kind=accessor.kind,
        recorded_by_id=accessor.identifier,
    )
    record.full_clean()
    record.save()
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONSENT_RECORD,
        operation=Operation.CREATE,
        subjects=[change.data_subject],
    )
    return record


def consent_give(*, accessor: Accessor, change: ConsentChange) -> ConsentRecord:
    return _consent_record(accessor, change, ConsentDecision.GIVEN)


def consent_withdraw(*, accessor: Accessor, change: ConsentChange) -> ConsentRecord:
    return _consent_record(accessor, change, ConsentDecision.WITHDRAWN)


def consent_is_given(
    *,
    provider_id: int,
    data_subject: UUID,
    activity: Activity,
    data_category: DataCategory,
    at: datetime | None = None,
) -> bool:
    moment = at or clock.now()
    latest = (
        ConsentRecord.objects.filter(
            provider_id=provider_id,
            data_subject=data_subject,
            activity__code=activity,
            data_category=data_category,
            decided_at__lte=moment,
        )
        .order_by("-decided_at", "-id")
        .first()
    )
    if latest is None or latest.decision != ConsentDecision.GIVEN:
        return False
    return latest.valid_until is None or latest.valid_until > moment


def consent_required(
    *, provider_id: int, data_subject: UUID, activity: Activity, data_category: DataCategory
) -> None:
    """Raise :class:`ConsentMissing` unless the customer consents right now."""
    if not consent_is_given(
        provider_id=provider_id,
        data_subject=data_subject,
        activity=activity,
        data_category=data_category,
    ):
        raise ConsentMissing("De klant heeft hiervoor geen (geldige) toestemming gegeven.")


def consent_history(*, provider_id: int, data_subject: UUID) -> list[ConsentRecord]:
    return list(
        ConsentRecord.objects.filter(provider_id=provider_id, data_subject=data_subject)
        .select_related("activity")
        .order_by("-decided_at", "-id")
    )
