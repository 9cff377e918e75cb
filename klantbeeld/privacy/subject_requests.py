"""Data subject requests (AVG 15, 17, 18, 20): what we hold and who processed it, a copy as
JSON and as a readable PDF, erasure unless the law obliges us to keep it, and restriction.

Erasure walks every domain's :mod:`subject_data` registration inside one transaction, so it
removes everything or nothing; the processing log keeps its records (by id, not name) for its
own retention, so it can still show that the erasure happened.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from klantbeeld.core import clock
from klantbeeld.core.errors import ApplicationError
from klantbeeld.core.models import Provider
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.models import ConsentRecord, LegalHold, ProcessingLog, ProcessingRestriction
from klantbeeld.privacy.selectors import actor_names
from klantbeeld.privacy.services import purpose_bound, purpose_check
from klantbeeld.privacy.subject_data import subject_data_sources


class ErasureRefused(ApplicationError):
    code = "erasure_refused"
    status = 409


def active_holds(provider_id: int, subject: UUID) -> list[LegalHold]:
    return list(
        LegalHold.objects.filter(
            provider_id=provider_id, data_subject=subject, until__gte=clock.today()
        )
    )


def subject_report(*, accessor: Accessor, data_subject: UUID) -> dict[str, Any]:
    """Inzage (AVG 15): everything held about the customer, and who processed it and why."""
    purpose_bound(
        accessor=accessor,
        activity=Activity.SUBJECT_REQUEST,
        operation=Operation.READ,
        subjects=[data_subject],
    )
    provider = Provider.objects.get(pk=accessor.provider_id)
    report: dict[str, Any] = {
        "organisatie": provider.name,
        "klant_id": str(data_subject),
        "opgesteld_op": clock.now().isoformat(timespec="minutes"),
    }
    for _, source in subject_data_sources():
        report[source.section] = source.export(accessor.provider_id, data_subject)
    report["Uw toestemmingen"] = _consents(accessor.provider_id, data_subject)
    report["Wie uw gegevens verwerkte, en waarom"] = _processing(accessor.provider_id, data_subject)
    report["Bewaarplichten"] = [
        {"grond": hold.reason, "tot_en_met": hold.until.isoformat()}
        for hold in active_holds(accessor.provider_id, data_subject)
    ]
    return report


def _consents(provider_id: int, subject: UUID) -> list[dict[str, str]]:
    records = ConsentRecord.objects.filter(
        provider_id=provider_id, data_subject=subject
    ).select_related("activity")
    return [
        {
            "doel": record.activity.name,
            "gegevens": record.get_data_category_display(),
            "besluit": record.get_decision_display(),
            "op": record.decided_at.isoformat(timespec="minutes"),
            "via": record.get_channel_display(),
        }
        for record in records.order_by("decided_at")
    ]


def _processing(provider_id: int, subject: UUID) -> list[dict[str, str]]:
    records = list(
        ProcessingLog.objects.filter(provider_id=provider_id, data_subject=subject)
        .select_related("activity")
        .order_by("-occurred_at")[:500]
    )
    names = actor_names(records)
    return [
        {
            "wanneer": record.occurred_at.isoformat(timespec="minutes"),
            "wat": record.get_operation_display(),
            "waarom": record.activity.name,
            "door": names.get(record.actor_id, "Klantbeeld (automatisch)"),
        }
        for record in records
    ]


@transaction.atomic
def subject_erase(*, accessor: Accessor, data_subject: UUID) -> dict[str, int]:
    """Erasure (AVG 17), refused with the reason while a legal hold applies."""
    purpose_check(accessor=accessor, activity=Activity.SUBJECT_REQUEST)
    holds = active_holds(accessor.provider_id, data_subject)
    if holds:
        reasons = "; ".join(f"{hold.reason} (tot en met {hold.until:%d-%m-%Y})" for hold in holds)
        raise ErasureRefused(
            f"Wissen kan nu niet, want de wet verplicht ons de gegevens te bewaren: {reasons}."
        )
    counts = {
        name: source.erase(accessor.provider_id, data_subject)
        for name, source in subject_data_sources()
    }
    counts["consents"], _ = ConsentRecord.objects.filter(
        provider_id=accessor.provider_id, data_subject=data_subject
    ).delete()
    ProcessingRestriction.objects.filter(
        provider_id=accessor.provider_id, data_subject=data_subject
    ).delete()
    purpose_bound(
        accessor=accessor,
        activity=Activity.SUBJECT_REQUEST,
        operation=Operation.DELETE,
        subjects=[data_subject],
    )
    return counts


@transaction.atomic
def subject_restrict(
    *, accessor: Accessor, data_subject: UUID, reason: str
) -> ProcessingRestriction:
    """Restriction (AVG 18): from now on the data is kept, not used."""
    purpose_check(accessor=accessor, activity=Activity.SUBJECT_REQUEST)
    if not reason.strip():
        raise ValidationError(
            {"reason": "Noem de reden van de beperking, bijvoorbeeld een lopend bezwaar."}
        )
    restriction = ProcessingRestriction.objects.create(
        provider_id=accessor.provider_id,
        data_subject=data_subject,
        reason=reason.strip()[:300],
        since=clock.now(),
        recorded_by=accessor.identifier,
    )
    purpose_bound(
        accessor=accessor,
        activity=Activity.SUBJECT_REQUEST,
        operation=Operation.UPDATE,
        subjects=[data_subject],
    )
    return restriction


@transaction.atomic
def subject_restriction_lift(*, accessor: Accessor, data_subject: UUID) -> int:
    purpose_check(accessor=accessor, activity=Activity.SUBJECT_REQUEST)
    lifted = ProcessingRestriction.objects.filter(
        provider_id=accessor.provider_id, data_subject=data_subject, lifted_at=None
    ).update(lifted_at=clock.now())
    purpose_bound(
        accessor=accessor,
        activity=Activity.SUBJECT_REQUEST,
        operation=Operation.UPDATE,
        subjects=[data_subject],
    )
    return lifted


@transaction.atomic
def legal_hold_place(
    *, accessor: Accessor, data_subject: UUID, reason: str, until: date
) -> LegalHold:
    purpose_check(accessor=accessor, activity=Activity.SUBJECT_REQUEST)
    if until < clock.today():
        raise ValidationError(
            {"until": "Een bewaarplicht die al voorbij is, houdt niets meer tegen."}
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": "Noem de wettelijke grond, bijvoorbeeld de fiscale bewaarplicht."}
        )
    hold = LegalHold.objects.create(
        provider_id=accessor.provider_id,
        data_subject=data_subject,
        reason=reason.strip()[:300],
        until=until,
        placed_at=clock.now(),
        placed_by=accessor.identifier,
    )
    purpose_bound(
        accessor=accessor,
        activity=Activity.SUBJECT_REQUEST,
        operation=Operation.UPDATE,
        subjects=[data_subject],
    )
    return hold
