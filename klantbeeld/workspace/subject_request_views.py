"""The privacy officer handles a customer's request about their data (AVG 15, 17, 18, 20):
a copy (JSON or PDF), restriction, legal holds, erasure. The rules are in
``privacy.subject_requests``; this page only asks and shows."""

from __future__ import annotations

import json
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from klantbeeld.core.errors import ApplicationError, NotAccessible
from klantbeeld.parties.selectors import party_uuid_for_identifier
from klantbeeld.privacy import subject_requests
from klantbeeld.privacy.constants import Activity
from klantbeeld.privacy.report_pdf import report_pdf
from klantbeeld.privacy.services import restricted_subjects
from klantbeeld.workspace.access import EmployeeRequest, employee_page
from klantbeeld.workspace.privacy_forms import (
    ErasureForm,
    LegalHoldForm,
    RestrictionForm,
    SubjectLookupForm,
)

_ACTIONS = {"beperken": RestrictionForm, "bewaarplicht": LegalHoldForm, "wissen": ErasureForm}


@require_http_methods(["GET", "POST"])
@employee_page(Activity.SUBJECT_REQUEST)
def subject_request(request: EmployeeRequest) -> HttpResponse:
    lookup = SubjectLookupForm(request.GET or None)
    if not lookup.is_valid():
        return render(
            request,
            "workspace/privacy/subject_request.html",
            {"lookup": lookup},
            status=400 if request.GET else 200,
        )
    try:
        subject = party_uuid_for_identifier(
            accessor=request.accessor,
            value=lookup.cleaned_data["customer"],
            activity=Activity.SUBJECT_REQUEST,
        )
    except NotAccessible as exc:
        lookup.add_error("customer", exc.message)
        return render(
            request, "workspace/privacy/subject_request.html", {"lookup": lookup}, status=400
        )
    if request.method == "POST":
        return _act(request, subject, lookup)
    report = subject_requests.subject_report(accessor=request.accessor, data_subject=subject)
    export = request.GET.get("formaat")
    if export in ("json", "pdf"):
        return _download(report, export)
    return _page(request, lookup, subject, report, forms={}, status=200)


def _download(report: dict, export: str) -> HttpResponse:
    if export == "json":
        response = HttpResponse(
            json.dumps(report, ensure_ascii=False, indent=2), content_type="application/json"
        )
    else:
        response = HttpResponse(report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage.{export}"'
    return response


def _act(request: EmployeeRequest, subject: UUID, lookup: SubjectLookupForm) -> HttpResponse:
    action = request.POST.get("actie", "")
    accessor = request.accessor
    here = (
        reverse("workspace:privacy_subject_request")
        + f"?customer={lookup.cleaned_data['customer']}"
    )
    if action == "opheffen":
        subject_requests.subject_restriction_lift(accessor=accessor, data_subject=subject)
        return redirect(here)
    form_class = _ACTIONS.get(action)
    form = form_class(request.POST) if form_class else None
    if form is not None and form.is_valid():
        try:
            if action == "beperken":
                subject_requests.subject_restrict(
                    accessor=accessor, data_subject=subject, **form.cleaned_data
                )
            elif action == "bewaarplicht":
                subject_requests.legal_hold_place(
                    accessor=accessor, data_subject=subject, **form.cleaned_data
                )
            else:
                subject_requests.subject_erase(accessor=accessor, data_subject=subject)
                return render(request, "workspace/privacy/subject_erased.html", {})
            return redirect(here)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
    report = subject_requests.subject_report(accessor=accessor, data_subject=subject)
    return _page(request, lookup, subject, report, forms={action: form}, status=400)


def _page(
    request: EmployeeRequest,
    lookup: SubjectLookupForm,
    subject: UUID,
    report: dict,
    *,
    forms: dict,
    status: int,
) -> HttpResponse:
    context = {
        "lookup": lookup,
        "report": report,
        "sections": [
            (key, value)
            for key, value in report.items()
            if key not in ("organisatie", "klant_id", "opgesteld_op")
        ],
        "restricted": bool(restricted_subjects(request.accessor.provider_id, [subject])),
        "restrict_form": forms.get("beperken") or RestrictionForm(),
        "hold_form": forms.get("bewaarplicht") or LegalHoldForm(),
        "erase_form": forms.get("wissen") or ErasureForm(),
    }
    return render(request, "workspace/privacy/subject_request.html", context, status=status)
