"""Merge and unmerge of duplicate parties, with a full audit (issue 5 "Identity resolution";
CV-01: one customer, one picture; ADR 0006).

Rules owned here:

- Two parties of the accessor's organisation, of the same kind, neither of them merged
  already, never a party with itself.
- Refused while either has an active legal hold (retention spares held customers by id; rows
  moved to another id would lose that protection) or restricted processing (AVG 18: the data
  is kept, not used); refused when both carry a BSN, RSIN, KvK or branch number and these
  differ (two people or companies, not a duplicate); refused when only the duplicate is under
  secrecy (its history would show without the marker).
- Every row, of any app, that points to the duplicate moves to the survivor. The relations
  are found through the model metadata, so parties needs no import of contacts or any app
  above it. A row the survivor already has the like of (the same e-mail address, a second BSN,
  a second preference) stays with the duplicate and is recorded as not moved.
- The parties' own fields (name, birth date …) are never overwritten: the survivor's stay,
  the duplicate's are kept in the merge record's snapshot, so nothing is lost.
- Consents and the processing log stay with the duplicate's id: a consent is never assumed
  for the survivor, and the log keeps what happened to whom.
- An undo moves back exactly the rows that were moved and still point to the survivor.

Both writes need the data-correction activity and log an update for both customers.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ForeignObjectRel

from klantbeeld.core import clock
from klantbeeld.core.errors import NotAccessible
from klantbeeld.parties.constants import IdentifierKind, PartyKind
from klantbeeld.parties.models import (
    DigitalAddress,
    Party,
    PartyIdentifier,
    PartyMerge,
    PartyMergeMove,
)
from klantbeeld.parties.selectors import access_party
from klantbeeld.parties.services import party_keys_refresh
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound, purpose_check, restricted_subjects
from klantbeeld.privacy.subject_requests import active_holds

logger = logging.getLogger(__name__)

CORRECTION = Activity.DATA_CORRECTION
MERGE_LIST_LIMIT = 50

# A row is "the same" as one the survivor has when these fields match (no database constraint
# says so, but two identical e-mail addresses on one customer help no one).
DUPLICATE_KEYS: dict[str, tuple[str, ...]] = {
    "parties.digitaladdress": ("kind", "value"),
    "parties.bankaccount": ("iban",),
    "parties.categoryrelation": ("category_id",),
}
# Identifiers a person or organisation has exactly one of: two different values mean two.
_SINGULAR_IDENTIFIERS = (
    IdentifierKind.BSN,
    IdentifierKind.RSIN,
    IdentifierKind.KVK,
    IdentifierKind.BRANCH,
)
NOTE_ALREADY_THERE = "De klant die blijft heeft dit gegeven al."
NOTE_CONFLICT = "Botst met een gegeven van de klant die blijft."


@dataclass(frozen=True)
class Relation:
    """A foreign key (or one-to-one) of ``model`` that points to a party."""

    model: type[models.Model]
    field: models.ForeignKey

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def title(self) -> str:
        """Dutch, for the preview: the model's plural, with the field when one is ambiguous."""
        title = str(self.model._meta.verbose_name_plural)
        siblings = [r for r in party_relations() if r.model is self.model]
        if len(siblings) > 1 or self.model is Party:
            title = f"{title} ({self.field.verbose_name})"
        return title[:1].upper() + title[1:]


def party_relations() -> list[Relation]:
    """Every relation to Party, hidden ones included, except the merge bookkeeping itself.

    Many-to-many relations are covered through their through-table's foreign key."""
    relations = []
    for rel in Party._meta.get_fields(include_hidden=True):
        if not isinstance(rel, ForeignObjectRel) or not (rel.one_to_many or rel.one_to_one):
            continue
        if rel.related_model is PartyMerge or rel.parent_link:
            continue
        if rel.related_model is Party and rel.field.name == "merged_into":
            continue
        model = cast(type[models.Model], rel.related_model)
        relations.append(Relation(model=model, field=cast(models.ForeignKey, rel.field)))
    return relations


# --- rules -------------------------------------------------------------------------------------


def merge_refusals(survivor: Party, merged: Party) -> list[str]:
    """Why these two cannot be merged, in Dutch; empty when they can."""
    if survivor.pk == merged.pk:
        return ["Een klant kan niet met zichzelf worden samengevoegd."]
    if survivor.provider_id != merged.provider_id:
        return ["Alleen klanten van dezelfde organisatie kunnen worden samengevoegd."]
    problems = []
    if survivor.kind != merged.kind:
        problems.append(
            "Alleen klanten van dezelfde soort kunnen worden samengevoegd "
            f"(hier een {survivor.get_kind_display().lower()} en een "
            f"{merged.get_kind_display().lower()})."
        )
    for party, role in ((survivor, "klant die blijft"), (merged, "dubbele klant")):
        if party.merged_into_id is not None:
            problems.append(f"De {role} is al samengevoegd met een andere klant.")
    problems += _identifier_conflicts(survivor, merged)
    if merged.is_secret and not survivor.is_secret:
        problems.append(
            "De dubbele klant heeft geheimhouding en de klant die blijft niet. Leg eerst "
            "geheimhouding vast bij de klant die blijft, zodat die bescherming meegaat."
        )
    problems += _privacy_refusals(survivor, merged)
    return problems


def _identifier_conflicts(survivor: Party, merged: Party) -> list[str]:
    values: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for party_id, kind, value in PartyIdentifier.objects.filter(
        party__in=[survivor, merged], kind__in=_SINGULAR_IDENTIFIERS
    ).values_list("party_id", "kind", "value"):
        values[kind][party_id].add(value)
    who = "personen" if survivor.kind != PartyKind.ORGANISATION else "organisaties"
    return [
        f"Beide klanten hebben een {IdentifierKind(kind).label}, maar een ander: dit zijn "
        f"verschillende {who}. Samenvoegen kan niet."
        for kind, by_party in values.items()
        if len(by_party) == 2 and by_party[survivor.pk].isdisjoint(by_party[merged.pk])
    ]


def _privacy_refusals(survivor: Party, merged: Party) -> list[str]:
    problems = []
    for party, role in ((survivor, "klant die blijft"), (merged, "dubbele klant")):
        if active_holds(party.provider_id, party.uuid):
            problems.append(
                f"Voor de {role} geldt een wettelijke bewaarplicht. Samenvoegen zou gegevens "
                "buiten die bewaarplicht brengen; overleg met de privacy officer."
            )
    restricted = restricted_subjects(survivor.provider_id, [survivor.uuid, merged.uuid])
    for party, role in ((survivor, "klant die blijft"), (merged, "dubbele klant")):
        if party.uuid in restricted:
            problems.append(
                f"De {role} heeft gevraagd het gebruik van de gegevens te beperken "
                "(AVG artikel 18). Samenvoegen kan pas als die beperking is opgeheven."
            )
    return problems


def _reason_checked(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Geef een reden; die komt in het overzicht."})
    if len(reason) > 1000:
        raise ValidationError({"reason": "Houd de reden korter dan 1000 tekens."})
    return reason


def _locked(accessor: Accessor, *parties: Party) -> list[Party]:
    """Fresh rows, locked for the rest of the transaction, of the accessor's organisation."""
    keys = [party.pk for party in parties]
    found = {
        party.pk: party
        for party in Party.objects.select_for_update().filter(
            pk__in=keys, provider_id=accessor.provider_id
        )
    }
    if len(found) != len(set(keys)):
        raise NotAccessible("Deze klant is niet gevonden.")
    return [found[key] for key in keys]


# --- moving rows -------------------------------------------------------------------------------


def _needs_row_checks(relation: Relation) -> bool:
    """Rows of this relation can collide with the survivor's: check them one by one.
    The others (contact moments' participants, cases …) move in one update."""
    meta, name = relation.model._meta, relation.field.name
    if relation.field.unique or relation.label in DUPLICATE_KEYS or relation.model is Party:
        return True
    if any(name in together for together in meta.unique_together):
        return True
    for constraint in meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            return True
        if isinstance(constraint, models.UniqueConstraint) and (
            not constraint.fields or name in constraint.fields
        ):
            return True
    return False


def _rows_of(relation: Relation, party: Party, *, skip: tuple[int, ...] = ()) -> models.QuerySet:
    rows = relation.model._base_manager.filter(**{relation.field.attname: party.pk})
    if relation.model is Party:
        rows = rows.exclude(pk__in=skip)  # the two parties themselves never move
    return rows.order_by("pk")


def _collision(relation: Relation, row: models.Model, target: Party) -> bool:
    """Would ``row`` clash with what ``target`` already has, were it to point there?"""
    keys = DUPLICATE_KEYS.get(relation.label)
    lookup = {relation.field.attname: target.pk}
    if (
        keys
        and relation.model._base_manager.filter(
            **lookup, **{key: getattr(row, key) for key in keys}
        ).exists()
    ):
        return True
    original = getattr(row, relation.field.attname)
    setattr(row, relation.field.attname, target.pk)
    try:
        row.validate_unique()
        row.validate_constraints()
    except ValidationError:
        return True
    finally:
        setattr(row, relation.field.attname, original)
    return False


def _adjustments(relation: Relation, row: models.Model, survivor: Party) -> dict[str, Any]:
    """Other values a move must change, with the value to restore on undo: a customer has
    one default address per kind, and the survivor's stays the default."""
    if (
        isinstance(row, DigitalAddress)
        and row.is_default
        and DigitalAddress.objects.filter(party=survivor, kind=row.kind, is_default=True).exists()
    ):
        return {"is_default": True}
    return {}


_ADJUSTED_VALUES = {"is_default": False}


def _move(
    merge: PartyMerge, relation: Relation, survivor: Party, merged: Party
) -> list[PartyMergeMove]:
    rows = _rows_of(relation, merged, skip=(survivor.pk, merged.pk))
    attname = relation.field.attname

    def record(pk: Any, **extra: Any) -> PartyMergeMove:
        return PartyMergeMove(
            merge=merge,
            model_label=relation.label,
            object_pk=str(pk),
            field_name=relation.field.name,
            **extra,
        )

    if not _needs_row_checks(relation):
        keys = list(rows.values_list("pk", flat=True))
        relation.model._base_manager.filter(pk__in=keys).update(**{attname: survivor.pk})
        return [record(key) for key in keys]
    moves = []
    for row in rows:
        if _collision(relation, row, survivor):
            moves.append(record(row.pk, is_moved=False, note=_kept_note(relation)))
            continue
        restore = _adjustments(relation, row, survivor)
        changes = {field: _ADJUSTED_VALUES[field] for field in restore}
        relation.model._base_manager.filter(pk=row.pk).update(**{attname: survivor.pk}, **changes)
        moves.append(record(row.pk, restore=restore))
    return moves


def _kept_note(relation: Relation) -> str:
    return NOTE_ALREADY_THERE if relation.label in DUPLICATE_KEYS else NOTE_CONFLICT


def _snapshot(party: Party) -> dict[str, Any]:
    """The party's own fields as they were, JSON-ready (dates as ISO strings)."""
    skipped = {"id", "uuid", "created_at", "updated_at", "surname_key", "name_key"}
    snapshot = {}
    for field in Party._meta.concrete_fields:
        if field.attname in skipped or field.name in ("merged_into", "merged_at"):
            continue
        value = getattr(party, field.attname)
        snapshot[field.attname] = value.isoformat() if isinstance(value, date | datetime) else value
    return snapshot


# --- the two use cases -------------------------------------------------------------------------


@transaction.atomic
def party_merge(*, accessor: Accessor, survivor: Party, merged: Party, reason: str) -> PartyMerge:
    """Make ``merged`` part of ``survivor``: every row pointing to it moves (and is recorded),
    the survivor's own fields stay, ``merged`` remains as a marker that points to the survivor
    and no longer shows in search or screen-pop."""
    purpose_check(accessor=accessor, activity=CORRECTION)
    reason = _reason_checked(reason)
    survivor, merged = _locked(accessor, survivor, merged)
    problems = merge_refusals(survivor, merged)
    if problems:
        raise ValidationError(problems)
    merge = PartyMerge(
        provider_id=accessor.provider_id,
        survivor=survivor,
        merged=merged,
        performed_by=accessor.identifier,
        performed_by_user_id=accessor.user_id,
        reason=reason,
        performed_at=clock.now(),
        merged_snapshot=_snapshot(merged),
    )
    merge.full_clean()
    merge.save()
    moves = [
        move for relation in party_relations() for move in _move(merge, relation, survivor, merged)
    ]
    PartyMergeMove.objects.bulk_create(moves, batch_size=500)
    merged.merged_into, merged.merged_at = survivor, merge.performed_at
    _published(survivor, merged)
    _keys_saved(survivor)
    purpose_bound(
        accessor=accessor,
        activity=CORRECTION,
        operation=Operation.UPDATE,
        subjects=[survivor.uuid, merged.uuid],
    )
    logger.info(
        "parties merged merge=%s moved=%d kept=%d",
        merge.uuid,
        sum(move.is_moved for move in moves),
        sum(not move.is_moved for move in moves),
    )
    return merge


def _published(survivor: Party, merged: Party) -> None:
    """Save both parties through the model, so that subscribers to the *partijen* channel
    hear that both changed (a merge or its undo moves their contacts; the rows themselves
    move with bulk updates, which publish nothing)."""
    merged.save(update_fields=["merged_into", "merged_at", "updated_at"])
    survivor.save(update_fields=["updated_at"])


@transaction.atomic
def party_unmerge(*, accessor: Accessor, merge: PartyMerge, reason: str) -> PartyMerge:
    """Undo a merge: the rows it moved go back to the restored party, when they still point to
    the survivor. Rows created for the survivor after the merge stay with the survivor (no one
    can tell whose they are), as do moved rows an employee has since relinked.

    Refused while the survivor is itself merged into a third party (undo that one first), and
    while the survivor has a legal hold the restored party lacks (rows would leave the hold).
    Restricted processing does not stop an undo: correcting a wrong merge is what AVG 16 and
    18 allow."""
    purpose_check(accessor=accessor, activity=CORRECTION)
    reason = _reason_checked(reason)
    merge = _merge_locked(accessor, merge.pk)
    survivor, merged = _locked(accessor, merge.survivor, merge.merged)
    _undo_refusal_raise(merge, survivor, merged)
    restored, left = _move_back(merge, survivor, merged)
    merged.merged_into, merged.merged_at = None, None
    _published(survivor, merged)
    _keys_saved(survivor)
    merge.undone_at = clock.now()
    merge.undone_by = accessor.identifier
    merge.undone_by_user_id = accessor.user_id
    merge.undo_reason = reason
    merge.undo_outcome = {"teruggezet": restored, "gebleven": left}
    merge.full_clean()
    merge.save()
    purpose_bound(
        accessor=accessor,
        activity=CORRECTION,
        operation=Operation.UPDATE,
        subjects=[survivor.uuid, merged.uuid],
    )
    logger.info("parties unmerged merge=%s restored=%d left=%d", merge.uuid, restored, left)
    return merge


def _merge_locked(accessor: Accessor, pk: int) -> PartyMerge:
    merge = (
        PartyMerge.objects.select_for_update()
        .filter(pk=pk, provider_id=accessor.provider_id)
        .first()
    )
    if merge is None:
        raise NotAccessible("Deze samenvoeging is niet gevonden.")
    return merge


def _undo_refusal_raise(merge: PartyMerge, survivor: Party, merged: Party) -> None:
    if merge.is_undone:
        raise ValidationError("Deze samenvoeging is al ongedaan gemaakt.")
    if survivor.merged_into_id is not None:
        raise ValidationError(
            "De klant die bleef is daarna zelf samengevoegd met een andere klant. "
            "Maak eerst die samenvoeging ongedaan."
        )
    if active_holds(survivor.provider_id, survivor.uuid) and not active_holds(
        merged.provider_id, merged.uuid
    ):
        raise ValidationError(
            "Voor de klant die bleef geldt een wettelijke bewaarplicht. Terugzetten zou "
            "gegevens buiten die bewaarplicht brengen; vraag de privacy officer de "
            "bewaarplicht ook voor de andere klant vast te leggen."
        )


def _move_back(merge: PartyMerge, survivor: Party, merged: Party) -> tuple[int, int]:
    """Returns (rows moved back, recorded rows that stayed or no longer exist)."""
    relations = {(relation.label, relation.field.name): relation for relation in party_relations()}
    groups: dict[tuple[str, str], dict[str, PartyMergeMove]] = defaultdict(dict)
    for move in merge.moves.filter(is_moved=True):
        groups[(move.model_label, move.field_name)][move.object_pk] = move
    restored = left = 0
    for key, moves in groups.items():
        relation = relations.get(key)
        count = _back(relation, moves, survivor, merged) if relation else 0
        restored += count
        left += len(moves) - count
    return restored, left


def _back(
    relation: Relation, moves: dict[str, PartyMergeMove], survivor: Party, merged: Party
) -> int:
    attname = relation.field.attname
    rows = relation.model._base_manager.filter(pk__in=list(moves), **{attname: survivor.pk})
    if not _needs_row_checks(relation):
        return rows.update(**{attname: merged.pk})
    count = 0
    for row in rows:
        if _collision(relation, row, merged):
            continue
        restore = moves[str(row.pk)].restore
        relation.model._base_manager.filter(pk=row.pk).update(**{attname: merged.pk}, **restore)
        count += 1
    return count


def _keys_saved(party: Party) -> None:
    party_keys_refresh(party)
    Party.objects.filter(pk=party.pk).update(surname_key=party.surname_key, name_key=party.name_key)


# --- reads for the merge pages -----------------------------------------------------------------


@dataclass
class MergePreview:
    survivor: Party
    merged: Party
    counts: list[tuple[str, int, int]]  # (what, rows of the survivor, rows of the duplicate)
    refusals: list[str]


def party_merge_preview(
    *, accessor: Accessor, survivor_uuid: UUID | str, merged_uuid: UUID | str
) -> MergePreview:
    """Both parties side by side with what points to each, read for data correction."""
    survivor = access_party(accessor=accessor, party_uuid=survivor_uuid, activity=CORRECTION)
    merged = access_party(accessor=accessor, party_uuid=merged_uuid, activity=CORRECTION)
    return MergePreview(
        survivor=survivor,
        merged=merged,
        counts=_related_counts(survivor, merged),
        refusals=merge_refusals(survivor, merged),
    )


def _related_counts(survivor: Party, merged: Party) -> list[tuple[str, int, int]]:
    counts = []
    for relation in party_relations():
        attname = relation.field.attname
        rows = relation.model._base_manager.filter(**{f"{attname}__in": [survivor.pk, merged.pk]})
        if relation.model is Party:
            rows = rows.exclude(pk__in=[survivor.pk, merged.pk])
        per_party = dict(
            rows.values_list(attname)
            .annotate(count=models.Count("pk"))
            .values_list(attname, "count")
        )
        if per_party:
            counts.append(
                (relation.title, per_party.get(survivor.pk, 0), per_party.get(merged.pk, 0))
            )
    return counts


def party_merge_list(*, accessor: Accessor, limit: int = MERGE_LIST_LIMIT) -> list[PartyMerge]:
    """The organisation's most recent merges, newest first; each customer shown is logged."""
    purpose_check(accessor=accessor, activity=CORRECTION)
    merges = list(
        PartyMerge.objects.filter(provider_id=accessor.provider_id)
        .select_related("survivor", "merged", "performed_by_user", "undone_by_user")
        .order_by("-performed_at", "-id")[:limit]
    )
    subjects = dict.fromkeys(
        uuid for merge in merges for uuid in (merge.survivor.uuid, merge.merged.uuid)
    )
    purpose_bound(
        accessor=accessor, activity=CORRECTION, operation=Operation.READ, subjects=list(subjects)
    )
    return merges


def access_party_merge(*, accessor: Accessor, merge_uuid: UUID | str) -> PartyMerge:
    """One merge of the accessor's organisation; missing and foreign are the same error."""
    purpose_check(accessor=accessor, activity=CORRECTION)
    try:
        merge = (
            PartyMerge.objects.select_related("survivor", "merged", "performed_by_user")
            .filter(provider_id=accessor.provider_id)
            .get(uuid=merge_uuid)
        )
    except (PartyMerge.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotAccessible("Deze samenvoeging is niet gevonden.") from exc
    purpose_bound(
        accessor=accessor,
        activity=CORRECTION,
        operation=Operation.READ,
        subjects=[merge.survivor.uuid, merge.merged.uuid],
    )
    return merge
