"""The B1 check in the composer (issue 6, item 5): the employee's draft in, the verdict with
concrete hints out, while typing (htmx). Nothing is stored: the draft is read in memory only.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from klantbeeld.core.plain_language import plain_language_check
from klantbeeld.privacy.constants import Activity
from klantbeeld.workspace.access import EmployeeRequest, employee_page

MAX_DRAFT_CHARACTERS = 20_000


@require_POST
@employee_page(Activity.CONTACT_REGISTER)
def plain_language(request: EmployeeRequest) -> HttpResponse:
    draft = request.POST.get("body", "")
    if len(draft) > MAX_DRAFT_CHARACTERS:
        return render(
            request,
            "workspace/inbox/_plain_language.html",
            {"too_long": MAX_DRAFT_CHARACTERS},
            status=400,
        )
    verdict = plain_language_check(draft) if draft.strip() else None
    return render(request, "workspace/inbox/_plain_language.html", {"verdict": verdict})
