"""The counter for the employee: today's queue and appointments per location, walk-ins,
calling a visitor, and completing a visit with what was agreed (BAL-01, BAL-02, BAL-04, CH-09).

Thin (STYLE.md): the gate (``contact_register``), the location through
``counter.selectors.location_get``, one ``counter`` selector or service. A visit or an
appointment is looked up inside today's queue or day list, so another location's or
organisation's is the same 404. Whoever waits is registered, never refused (BAL-02).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klantbeeld.channels.counter.selectors import (
    appointments_of_day,
    counter_locations,
    location_get,
    visit_queue,
)
from klantbeeld.channels.counter.services import (
    VisitOutcome,
    visit_call,
    visit_complete,
    visit_left,
    visit_register,
)
from klantbeeld.contacts.selectors import actors_for_assignment, customer_search, topics_list
from klantbeeld.core import clock
from klantbeeld.core.errors import ApplicationError, NotAccessible
from klantbeeld.privacy.constants import Activity
from klantbeeld.workspace.access import EmployeeRequest, employee_page
from klantbeeld.workspace.channel_forms import (
    CallVisitorForm,
    CustomerQueryMixin,
    VisitCompleteForm,
    WalkInForm,
)
from klantbeeld.workspace.forms import AgreementForm
from klantbeeld.workspace.phone_views import employee_actor, form_errors_show


@require_GET
@employee_page(Activity.CONTACT_REGISTER)
def counter_home(request: EmployeeRequest) -> HttpResponse:
    """The locations; with only one, straight to its day."""
    locations = list(counter_locations(provider_id=request.accessor.provider_id))
    if len(locations) == 1:
        return redirect("workspace:channel_counter_day", location_code=locations[0].address)
    return render(request, "workspace/channels/counter_home.html", {"locations": locations})


def _location(request: EmployeeRequest, location_code: str) -> Any:
    return location_get(provider_id=request.accessor.provider_id, address=location_code)


@require_GET
@employee_page(Activity.CONTACT_REGISTER)
def counter_day(request: EmployeeRequest, location_code: str) -> HttpResponse:
    """ "Balie vandaag": who waits or is called, the day's appointments, walk-in registration."""
    return _day_page(request, _location(request, location_code))


def _day_page(
    request: EmployeeRequest, location: Any, walk_in: WalkInForm | None = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate(clock.now())
    context = {
        "location": location,
        "today": today,
        "queue": visit_queue(accessor=request.accessor, location=location),
        "appointments": appointments_of_day(
            accessor=request.accessor, location=location, day=today
        ),
        "walk_in_form": walk_in or WalkInForm(topics=topics_list(accessor=request.accessor)),
        "call_form": CallVisitorForm(),
    }
    return render(request, "workspace/channels/counter_day.html", context, status=status)


def customer_found(request: EmployeeRequest, form: CustomerQueryMixin) -> Any:
    """The one customer the search finds for the ``customer`` field, None when it is empty.
    No match or several: a Dutch error on the field (the employee asks and refines)."""
    query = form.cleaned_data.get("customer", "").strip()
    if not query:
        return None
    outcome = customer_search(
        accessor=request.accessor, query=query, limit=settings.KLANTBEELD_SEARCH_LIMIT
    )
    if len(outcome.parties) == 1:
        return outcome.parties[0]
    if not outcome.parties:
        detail = outcome.message or f"Geen klant gevonden met “{query}”."
        raise ValidationError(
            {"customer": f"{detail} Laat het veld leeg voor een onbekende bezoeker."}
        )
    names = ", ".join(party.display_name for party in outcome.parties[:5])
    raise ValidationError(
        {"customer": f"Meer dan één klant gevonden ({names}). Typ het BSN of klantnummer."}
    )


@require_POST
@employee_page(Activity.CONTACT_REGISTER)
def counter_walk_in(request: EmployeeRequest, location_code: str) -> HttpResponse:
    """ "Inloop registreren": a ticket B001… for whoever walks in."""
    location = _location(request, location_code)
    form = WalkInForm(request.POST, topics=topics_list(accessor=request.accessor))
    if form.is_valid():
        try:
            visit = visit_register(
                location=location,
                name=form.cleaned_data["name"],
                topic=form.cleaned_data["topic"],
                party=customer_found(request, form),
            )
        except (ValidationError, ApplicationError) as exc:
            form_errors_show(form, exc)
        else:
            messages.success(request, f"{visit.name} heeft nummer {visit.ticket_number}.")
            return redirect("workspace:channel_counter_day", location_code=location.address)
    return _day_page(request, location, walk_in=form, status=400)


def _visit(request: EmployeeRequest, location: Any, visit_uuid: UUID) -> Any:
    visit = visit_queue(accessor=request.accessor, location=location).filter(uuid=visit_uuid)
    found = visit.first()
    if found is None:
        raise NotAccessible("Deze bezoeker staat niet (meer) in de wachtrij.")
    return found


def _to_day(location: Any) -> HttpResponse:
    return redirect("workspace:channel_counter_day", location_code=location.address)


@require_POST
@employee_page(Activity.CONTACT_REGISTER)
def counter_arrived(
    request: EmployeeRequest, location_code: str, appointment_uuid: UUID
) -> HttpResponse:
    """Someone with an appointment reports at the desk: a ticket A001…"""
    location = _location(request, location_code)
    today = timezone.localdate(clock.now())
    appointment = (
        appointments_of_day(accessor=request.accessor, location=location, day=today)
        .filter(uuid=appointment_uuid)
        .first()
    )
    if appointment is None:
        raise NotAccessible("Deze afspraak is niet gevonden.")
    try:
        visit = visit_register(location=location, appointment=appointment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{visit.name} is aangemeld met nummer {visit.ticket_number}.")
    return _to_day(location)


@require_POST
@employee_page(Activity.CONTACT_REGISTER)
def counter_call(request: EmployeeRequest, location_code: str, visit_uuid: UUID) -> HttpResponse:
    """ "Oproepen": the visitor is called to the employee's desk."""
    location = _location(request, location_code)
    visit = _visit(request, location, visit_uuid)
    form = CallVisitorForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Vul in aan welke balie u de bezoeker oproept.")
        return _to_day(location)
    try:
        visit_call(
            accessor=request.accessor,
            visit=visit,
            actor=employee_actor(request),
            desk=form.cleaned_data["desk"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{visit.ticket_number} is opgeroepen naar {form.cleaned_data['desk']}."
        )
    return _to_day(location)


@require_POST
@employee_page(Activity.CONTACT_REGISTER)
def counter_left(request: EmployeeRequest, location_code: str, visit_uuid: UUID) -> HttpResponse:
    """ "Vertrokken": called and not there, or gone before being helped."""
    location = _location(request, location_code)
    visit = _visit(request, location, visit_uuid)
    try:
        visit_left(accessor=request.accessor, visit=visit)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{visit.ticket_number} is vertrokken zonder gesprek.")
    return _to_day(location)


@require_http_methods(["GET", "POST"])
@employee_page(Activity.CONTACT_REGISTER)
def counter_complete(
    request: EmployeeRequest, location_code: str, visit_uuid: UUID
) -> HttpResponse:
    """ "Bezoek afronden": a counter contact moment with one optional agreement (CH-09, BAL-01)."""
    location = _location(request, location_code)
    visit = _visit(request, location, visit_uuid)
    data = request.POST if request.method == "POST" else None
    form = VisitCompleteForm(data, initial={"subject": visit.topic.name if visit.topic else ""})
    agreement = AgreementForm(
        data, prefix="afspraak", actors=actors_for_assignment(accessor=request.accessor)
    )
    if request.method == "POST" and form.is_valid() and agreement.is_valid():
        try:
            outcome = _outcome(request, form, agreement)
            visit_complete(
                accessor=request.accessor,
                visit=visit,
                outcome=outcome,
                actor=employee_actor(request),
            )
        except (ValidationError, ApplicationError) as exc:
            _complete_errors_show(form, agreement, exc)
        else:
            messages.success(request, _completed_text(visit, outcome.party or visit.party))
            return _to_day(location)
    context = {"location": location, "visit": visit, "form": form, "agreement": agreement}
    status = 400 if request.method == "POST" else 200
    return render(request, "workspace/channels/visit_complete.html", context, status=status)


def _outcome(
    request: EmployeeRequest, form: VisitCompleteForm, agreement: AgreementForm
) -> VisitOutcome:
    agreed = agreement.to_input()
    return VisitOutcome(
        subject=form.cleaned_data["subject"],
        summary=form.cleaned_data["summary"],
        party=customer_found(request, form),
        agreements=[agreed] if agreed is not None else [],
    )


def _complete_errors_show(
    form: VisitCompleteForm, agreement: AgreementForm, exc: ValidationError | ApplicationError
) -> None:
    """``party`` (agreements need a customer) belongs on the customer field, ``due_at`` on
    the agreement, the rest on the field it names or the form."""
    if not (isinstance(exc, ValidationError) and hasattr(exc, "error_dict")):
        form_errors_show(form, exc)
        return
    for key, errors in exc.message_dict.items():
        if key == "due_at":
            agreement.add_error("due_at", errors)
        elif key == "party":
            form.add_error("customer", errors)
        else:
            form.add_error(key if key in form.fields else None, errors)


def _completed_text(visit: Any, party: Any) -> str:
    text = f"Het bezoek van {visit.ticket_number} is afgerond en staat in de tijdlijn."
    if party is None:
        return text
    url = reverse("workspace:customer", args=[party.uuid])
    return format_html(
        '{} <a class="utrecht-link" href="{}">Naar {}</a>', text, url, party.display_name
    )
