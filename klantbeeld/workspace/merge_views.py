"""Merging duplicate customers and undoing a merge (issue 5; CV-01), for employees with the
data-correction activity (the functional administrator).

Thin (STYLE.md): the gate, one read or write of ``parties.merging``, a template. The rules and
the audit live in the service; its ValidationErrors appear on the form (HTTP 400, nothing
changed).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from klantbeeld.parties.merging import (
    access_party_merge,
    party_merge,
    party_merge_list,
    party_merge_preview,
    party_unmerge,
)
from klantbeeld.parties.selectors import SearchOutcome, access_party, party_search
from klantbeeld.privacy.constants import Activity
from klantbeeld.workspace.access import EmployeeRequest, employee_page
from klantbeeld.workspace.merge_forms import (
    MergeForm,
    MergeSearchForm,
    UndoForm,
    show_service_errors,
)

CORRECTION = Activity.DATA_CORRECTION


def _search(request: EmployeeRequest) -> tuple[MergeSearchForm, SearchOutcome | None]:
    form = MergeSearchForm(request.GET if "q" in request.GET else None)
    if not form.is_valid():
        return form, None
    outcome = party_search(
        accessor=request.accessor,
        query=form.cleaned_data["q"],
        limit=settings.KLANTBEELD_SEARCH_LIMIT,
        activity=CORRECTION,
    )
    return form, outcome


@require_GET
@employee_page(CORRECTION)
def merge_home(request: EmployeeRequest) -> HttpResponse:
    """Find the customer that stays, and the history of merges with their undo buttons."""
    form, outcome = _search(request)
    merges = party_merge_list(accessor=request.accessor)
    context = {"form": form, "outcome": outcome, "merges": merges}
    return render(request, "workspace/merge/home.html", context, status=400 if form.errors else 200)


@require_GET
@employee_page(CORRECTION)
def merge_start(request: EmployeeRequest, party_uuid: str) -> HttpResponse:
    """The customer that stays; find the duplicate to merge into it."""
    survivor = access_party(accessor=request.accessor, party_uuid=party_uuid, activity=CORRECTION)
    form, outcome = _search(request)
    candidates = [party for party in outcome.parties if party.pk != survivor.pk] if outcome else []
    context = {"survivor": survivor, "form": form, "outcome": outcome, "candidates": candidates}
    return render(
        request, "workspace/merge/start.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@employee_page(CORRECTION)
def merge_confirm(request: EmployeeRequest, party_uuid: str, other_uuid: str) -> HttpResponse:
    """Both side by side; a reason and a confirmation merge the other into the first."""
    preview = party_merge_preview(
        accessor=request.accessor, survivor_uuid=party_uuid, merged_uuid=other_uuid
    )
    form = MergeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            party_merge(
                accessor=request.accessor,
                survivor=preview.survivor,
                merged=preview.merged,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            return redirect(reverse("workspace:merge_home") + "?klaar=samengevoegd")
    status = 400 if form.errors else 200
    context = {"preview": preview, "form": form}
    return render(request, "workspace/merge/confirm.html", context, status=status)


@require_http_methods(["GET", "POST"])
@employee_page(CORRECTION)
def merge_undo(request: EmployeeRequest, merge_uuid: str) -> HttpResponse:
    """Undo a merge, with a reason: the moved rows go back (parties.merging.party_unmerge)."""
    merge = access_party_merge(accessor=request.accessor, merge_uuid=merge_uuid)
    form = UndoForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            party_unmerge(
                accessor=request.accessor, merge=merge, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            return redirect(reverse("workspace:merge_home") + "?klaar=ongedaan")
    status = 400 if form.errors else 200
    return render(
        request, "workspace/merge/undo.html", {"merge": merge, "form": form}, status=status
    )
