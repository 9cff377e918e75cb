"""The privacy officer's pages: the processing register and the processing log (PRIV-01,
PRIV-04, PRIV-05, SC-30). No customer file is opened here; log lines show ids."""

from __future__ import annotations

import csv
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from klantbeeld.contacts.emergency import emergency_open
from klantbeeld.core.errors import NotAccessible
from klantbeeld.parties.selectors import party_uuid_for_identifier
from klantbeeld.privacy import selectors as privacy_selectors
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.emergency import emergency_access_list, emergency_access_review
from klantbeeld.privacy.services import register_entry_update
from klantbeeld.workspace.access import EmployeeRequest, employee_page
from klantbeeld.workspace.privacy_forms import (
    EmergencyAccessForm,
    EmergencyReviewForm,
    LogQueryForm,
    RegisterEntryForm,
)


@require_GET
@employee_page(Activity.REGISTER_MANAGE)
def register(request: EmployeeRequest) -> HttpResponse:
    export = request.GET.get("formaat")
    if export in ("csv", "json"):
        return _register_download(request, export)
    entries = privacy_selectors.register_list(accessor=request.accessor)
    return render(request, "workspace/privacy/register.html", {"entries": entries})


def _register_download(request: EmployeeRequest, export: str) -> HttpResponse:
    rows = privacy_selectors.register_export(accessor=request.accessor)
    filename = f"verwerkingsregister.{export}"
    if export == "json":
        response = HttpResponse(
            json.dumps(rows, ensure_ascii=False, indent=2), content_type="application/json"
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.DictWriter(
            response, fieldnames=list(rows[0]) if rows else ["code"], delimiter=";"
        )
        writer.writeheader()
        writer.writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@employee_page(Activity.REGISTER_MANAGE)
def register_entry(request: EmployeeRequest, activity_uuid: str) -> HttpResponse:
    entry = (
        privacy_selectors.register_list(accessor=request.accessor)
        .filter(uuid=activity_uuid)
        .first()
    )
    if entry is None:
        raise NotAccessible("Deze verwerkingsactiviteit is niet gevonden.")
    initial = {
        field: getattr(entry, field)
        for field in ("name", "purpose", "data_categories", "retention_days")
    }
    form = RegisterEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            register_entry_update(
                accessor=request.accessor, activity_uuid=entry.uuid, change=form.to_change()
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            return redirect("workspace:privacy_register")
    status = 400 if form.errors else 200
    return render(
        request,
        "workspace/privacy/register_entry.html",
        {"entry": entry, "form": form},
        status=status,
    )


@require_GET
@employee_page(Activity.LOG_AUDIT)
def processing_log(request: EmployeeRequest) -> HttpResponse:
    form = LogQueryForm(request.GET or None)
    lines = None
    if form.is_valid():
        subject = form.customer_uuid()
        if form.cleaned_data["customer"] and subject is None:
            try:
                subject = party_uuid_for_identifier(
                    accessor=request.accessor,
                    value=form.cleaned_data["customer"],
                    activity=Activity.LOG_AUDIT,
                )
            except NotAccessible as exc:
                form.add_error("customer", exc.message)
        if not form.errors:
            lines = privacy_selectors.processing_log_search(
                accessor=request.accessor, query=form.to_query(subject)
            )
    status = 400 if form.errors else 200
    context = {"form": form, "lines": lines, "limit": privacy_selectors.LOG_QUERY_LIMIT}
    return render(request, "workspace/privacy/log.html", context, status=status)


@require_http_methods(["GET", "POST"])
@employee_page(Activity.EMERGENCY_ACCESS)
def emergency_access(request: EmployeeRequest) -> HttpResponse:
    """Break the glass: open one customer outside the team, with a reason (PRIV-04)."""
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            party_uuid = emergency_open(
                accessor=request.accessor,
                identifier=form.cleaned_data["identifier"],
                reason=form.cleaned_data["reason"],
            )
        except NotAccessible as exc:
            form.add_error("identifier", exc.message)
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    form.add_error("reason", error)
        else:
            return redirect("workspace:customer", party_uuid=party_uuid)
    status = 400 if form.errors else 200
    context = {"form": form, "minutes": settings.KLANTBEELD_EMERGENCY_ACCESS_MINUTES}
    return render(request, "workspace/emergency_access.html", context, status=status)


@require_http_methods(["GET", "POST"])
@employee_page(Activity.LOG_AUDIT)
def emergency_review(request: EmployeeRequest) -> HttpResponse:
    form = EmergencyReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            emergency_access_review(
                accessor=request.accessor,
                grant_uuid=request.POST.get("grant", ""),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return redirect("workspace:privacy_emergency")
    grants = list(emergency_access_list(accessor=request.accessor))
    names = privacy_selectors.employee_names([grant.actor_id for grant in grants])
    context = {
        "grants": [(grant, names.get(grant.actor_id, grant.actor_id)) for grant in grants],
        "form": form,
    }
    return render(
        request, "workspace/privacy/emergency.html", context, status=400 if form.errors else 200
    )
