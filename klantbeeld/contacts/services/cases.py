"""Cases: open, progress, transfer with a handover note, switch to personal handling
(CV-07, CV-16, TEL-01, SC-23)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from klantbeeld.contacts.constants import (
    ActorKind,
    CaseStatus,
    Handling,
)
from klantbeeld.contacts.models import (
    Actor,
    Case,
    CaseStatusChange,
    Conversation,
)
from klantbeeld.contacts.services.guards import _ensure_own, _ensure_party, _not_in_future
from klantbeeld.core.models import Topic
from klantbeeld.core.numbering import number_next
from klantbeeld.parties.models import Party
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound, purpose_check


@dataclass(frozen=True)
class CaseInput:
    goal: str
    opened_at: datetime
    topic: Topic | None = None
    next_step: str = ""
    expected_completion: date | None = None
    team: Actor | None = None
    owner: Actor | None = None


@transaction.atomic
def case_open(*, accessor: Accessor, party: Party, case: CaseInput, actor: Actor | None) -> Case:
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    _ensure_party(accessor, party)
    _ensure_own(party.provider_id, topic=case.topic, team=case.team, owner=case.owner)
    _not_in_future("opened_at", case.opened_at)
    record = Case(
        provider_id=party.provider_id,
        reference=f"Z-{number_next(party.provider, 'case')}",
        party=party,
        topic=case.topic,
        goal=case.goal.strip(),
        next_step=case.next_step.strip(),
        expected_completion=case.expected_completion,
        team=case.team,
        owner=case.owner,
        opened_at=case.opened_at,
    )
    record.full_clean()
    record.save()
    CaseStatusChange.objects.create(
        case=record, status=CaseStatus.RECEIVED, changed_at=case.opened_at, changed_by=actor
    )
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.CREATE,
        subjects=[party.uuid],
    )
    return record


@transaction.atomic
def case_status_change(
    *,
    accessor: Accessor,
    case: Case,
    status: CaseStatus,
    at: datetime,
    actor: Actor | None,
    note: str = "",
    next_step: str | None = None,
) -> Case:
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    _ensure_party(accessor, case.party)
    _not_in_future("at", at)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"status": "Deze zaak is al afgerond."})
    _not_before_last_step(case, at)
    case.status = status
    if next_step is not None:
        case.next_step = next_step
    case.closed_at = at if status == CaseStatus.CLOSED else None
    case.full_clean()
    # only the fields this change owns: a concurrent contact may have set the sentiment
    case.save(update_fields=["status", "next_step", "closed_at", "updated_at"])
    CaseStatusChange.objects.create(
        case=case, status=status, note=note, changed_at=at, changed_by=actor
    )
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.UPDATE,
        subjects=[case.party.uuid],
    )
    return case


def _not_before_last_step(case: Case, at: datetime) -> None:
    last = case.status_changes.order_by("-changed_at").values_list("changed_at", flat=True).first()
    if last is not None and at < last:
        raise ValidationError({"at": "Deze stap ligt vóór de vorige stap van de zaak."})


@transaction.atomic
def case_transfer(
    *,
    accessor: Accessor,
    case: Case,
    at: datetime,
    actor: Actor | None,
    note: str,
    team: Actor | None = None,
    owner: Actor | None = None,
) -> Case:
    """Pass a case to another team or colleague with a handover note (TEL-01, AR-01).

    Every transfer is counted on the case's conversation: the spiral signal starts here."""
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    _ensure_party(accessor, case.party)
    _ensure_own(case.provider_id, team=team, owner=owner)
    _not_in_future("at", at)
    if team is None and owner is None:
        raise ValidationError({"team": "Kies een team of collega om de zaak aan over te dragen."})
    if not note.strip():
        raise ValidationError(
            {
                "note": "Schrijf een overdrachtsnotitie, zodat de klant niets opnieuw hoeft te vertellen."
            }
        )
    case = Case.objects.select_for_update().get(pk=case.pk)
    _not_before_last_step(case, at)
    case.team = team or case.team
    case.owner = owner
    case.save(update_fields=["team", "owner", "updated_at"])
    receiver = owner.name if owner else (team.name if team else "")
    CaseStatusChange.objects.create(
        case=case,
        status=case.status,
        changed_at=at,
        changed_by=actor,
        note=f"Overgedragen aan {receiver}: {note.strip()}"[:500],
    )
    Conversation.objects.filter(pk__in=_case_conversations(case)).update(
        transfer_count=F("transfer_count") + 1
    )
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.UPDATE,
        subjects=[case.party.uuid],
    )
    return case


def _case_conversations(case: Case) -> list[int]:
    return list(
        case.contact_moments.exclude(conversation=None)
        .values_list("conversation_id", flat=True)
        .distinct()
    )


@transaction.atomic
def case_personal_handling_set(
    *, accessor: Accessor, case: Case, owner: Actor, at: datetime, actor: Actor | None, reason: str
) -> Case:
    """Switch a case from the assembly line to one named owner (CV-16, SC-23)."""
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    _ensure_party(accessor, case.party)
    _ensure_own(case.provider_id, owner=owner)
    _not_in_future("at", at)
    if owner.kind != ActorKind.EMPLOYEE:
        raise ValidationError({"owner": "Een vaste contactpersoon is een medewerker, geen team."})
    case = Case.objects.select_for_update().get(pk=case.pk)
    case.owner = owner
    case.handling = Handling.PERSONAL
    case.save(update_fields=["owner", "handling", "updated_at"])
    CaseStatusChange.objects.create(
        case=case,
        status=case.status,
        changed_at=at,
        changed_by=actor,
        note=f"Persoonlijke behandeling door {owner.name}: {reason.strip()}"[:500],
    )
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.UPDATE,
        subjects=[case.party.uuid],
    )
    return case
