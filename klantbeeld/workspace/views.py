"""Employee pages: search, the customer view, registering a contact, telephony screen-pop.

Thin by design (STYLE.md): the access gate, one selector or service, a template. One URL serves
the page and, for htmx requests, the fragment that changed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from klantbeeld.contacts import selectors as contact_selectors
from klantbeeld.contacts.services import contact_moment_register
from klantbeeld.core.constants import Channel
from klantbeeld.privacy.constants import Activity
from klantbeeld.workspace.access import EmployeeRequest, employee_page
from klantbeeld.workspace.forms import (
    ContactMomentForm,
    LookupForm,
    SearchForm,
    agreement_forms,
    show_service_errors,
)


@require_GET
@employee_page(Activity.CUSTOMER_SEARCH)
def home(request: EmployeeRequest):
    form = SearchForm(request.GET or None)
    outcome = None
    if form.is_valid():
        outcome = contact_selectors.customer_search(
            accessor=request.accessor,
            query=form.cleaned_data["q"],
            limit=settings.KLANTBEELD_SEARCH_LIMIT,
        )
    template = "workspace/home.html#results" if request.htmx else "workspace/home.html"
    return render(request, template, {"form": form, "outcome": outcome})


def _timeline_filter(request: EmployeeRequest) -> contact_selectors.TimelineFilter:
    channel = request.GET.get("kanaal", "")
    page = request.GET.get("pagina", "1")
    return contact_selectors.TimelineFilter(
        channel=channel if channel in Channel.values else "",
        topic=request.GET.get("onderwerp", "")[:60],
        page=int(page) if page.isdigit() else 1,
    )


@require_GET
@employee_page(Activity.CUSTOMER_VIEW)
def customer(request: EmployeeRequest, party_uuid: str):
    timeline_filter = _timeline_filter(request)
    context = {
        "filter": timeline_filter,
        "channels": Channel.choices,
        "topics": contact_selectors.topics_list(accessor=request.accessor),
        "now": timezone.now(),
    }
    if request.htmx:
        party, page = contact_selectors.timeline_get(
            accessor=request.accessor, party_uuid=party_uuid, timeline=timeline_filter
        )
        context.update(party=party, timeline=page)
        return render(request, "workspace/customer.html#timeline", context)
    view = contact_selectors.customer_view_get(
        accessor=request.accessor, party_uuid=party_uuid, timeline=timeline_filter
    )
    context.update(view=view, party=view.party, timeline=view.timeline)
    return render(request, "workspace/customer.html", context)


@require_http_methods(["GET", "POST"])
@employee_page(Activity.CONTACT_REGISTER)
def contact_register(request: EmployeeRequest, party_uuid: str):
    party = contact_selectors.access_customer(
        accessor=request.accessor, party_uuid=party_uuid, activity=Activity.CONTACT_REGISTER
    )
    data = request.POST if request.method == "POST" else None
    form = ContactMomentForm(
        data,
        topics=contact_selectors.topics_list(accessor=request.accessor),
        cases=contact_selectors.cases_for_party(accessor=request.accessor, party=party),
    )
    agreements = agreement_forms(
        data, contact_selectors.actors_for_assignment(accessor=request.accessor)
    )
    actor = contact_selectors.actor_for_user(request.user)  # type: ignore[arg-type]
    if (
        actor is not None
        and request.method == "POST"
        and form.is_valid()
        and all(a.is_valid() for a in agreements)
    ):
        try:
            contact_moment_register(
                accessor=request.accessor,
                party=party,
                moment=form.to_input(),
                actor=actor,
                agreements=[item for a in agreements if (item := a.to_input()) is not None],
            )
        except ValidationError as exc:
            show_service_errors(form, agreements, exc)
        else:
            return redirect(reverse("workspace:customer", args=[party.uuid]) + "?vastgelegd=1")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workspace/contact_form.html",
        {"party": party, "form": form, "agreements": agreements, "has_actor": actor is not None},
        status=status,
    )


@require_GET
@employee_page(Activity.SCREEN_POP)
def lookup(request: EmployeeRequest):
    """Telephony screen-pop (CV-03, TEL-04): ``/workspace/lookup?phone=+31612345678``."""
    form = LookupForm(request.GET)
    pop = None
    if form.is_valid():
        try:
            pop = contact_selectors.customer_screen_pop(
                accessor=request.accessor, phone=form.cleaned_data["phone"]
            )
        except ValidationError as exc:
            form.add_error("phone", exc.messages)
    if pop is not None and pop.party is not None:
        return redirect("workspace:customer", party_uuid=pop.party.uuid)
    status = 200 if form.is_valid() else 400
    return render(request, "workspace/lookup.html", {"form": form, "pop": pop}, status=status)
