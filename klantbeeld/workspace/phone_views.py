"""Telephone for the employee: the call on the line, its notes, a callback (TEL-01..TEL-04).

Thin (STYLE.md): the gate (``contact_register``), the employee's Actor — whose identifier is
the CTI agent code — then one selector or service of ``channels.phone``. The screen-pop
(party, candidates, earlier dropped calls) is read once per page, so the processing log gets
one ``screen_pop`` record per page view; the 5-second refresh reads only the call itself
(times and IVR answers) and writes no log (see docs/architecture/workspace.md).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST

from klantbeeld.channels.phone.callbacks import (
    CallbackInput,
    SlotUnavailable,
    callback_list_due,
    callback_request_book,
    callback_request_complete,
    callback_slots,
)
from klantbeeld.channels.phone.calls import call_notes_register
from klantbeeld.channels.phone.screenpop import (
    CallScreenPop,
    call_current_for_agent,
    call_get,
    call_screen_pop,
)
from klantbeeld.contacts.selectors import access_customer, actor_for_user, topics_list
from klantbeeld.core import clock
from klantbeeld.core.errors import ApplicationError, NotAccessible
from klantbeeld.privacy.constants import Activity
from klantbeeld.workspace.access import EmployeeRequest, employee_page
from klantbeeld.workspace.channel_forms import (
    NO_PARTY,
    CallbackDoneForm,
    CallbackForm,
    CallNotesForm,
    PartyChoiceMixin,
    party_choices,
)

LIVE_SECONDS = 5


def employee_actor(request: EmployeeRequest) -> Any:
    """The employee's Actor; without one there is no agent code, so no call to show."""
    actor = actor_for_user(request.user)  # type: ignore[arg-type]
    if actor is None:
        raise PermissionDenied(
            "Uw account is nog niet gekoppeld aan een medewerker. Vraag de functioneel "
            "beheerder dit te doen; daarna ziet u hier uw gesprekken."
        )
    return actor


def form_errors_show(form: forms.Form, exc: ValidationError | ApplicationError) -> None:
    """A service's error on the field it names, else on the form as a whole."""
    if isinstance(exc, ApplicationError):
        form.add_error(None, exc.message)
        return
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _end_of_today() -> datetime:
    tomorrow = timezone.localdate(clock.now()) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


@require_GET
@employee_page(Activity.CONTACT_REGISTER)
def phone_call(request: EmployeeRequest) -> HttpResponse:
    """ "Huidig gesprek": the call on the line, else the latest one still without notes."""
    actor = employee_actor(request)
    call = call_current_for_agent(accessor=request.accessor, agent=actor)
    if request.htmx:
        return _live(request, call)
    return _phone_page(request, call)


def _live(request: EmployeeRequest, call: Any) -> HttpResponse:
    """The refresh: the call's state only. A call arriving on an empty page reloads it (no
    typing is lost); a new call while notes may be typed is announced with a link."""
    shown = request.GET.get("gesprek", "")
    current = str(call.uuid) if call is not None else ""
    context = {"call": call, "is_other_call": current != shown, "live_seconds": LIVE_SECONDS}
    response = render(request, "workspace/channels/phone.html#live", context)
    if not shown and current:
        response["HX-Refresh"] = "true"
    return response


def _phone_page(
    request: EmployeeRequest,
    call: Any,
    bound: dict[str, PartyChoiceMixin] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    pop = call_screen_pop(accessor=request.accessor, call=call) if call is not None else None
    account = call.account if call is not None else None
    slots = callback_slots(account=account) if account is not None else []
    notes_form = bound.get("notes") or CallNotesForm(topics=topics_list(accessor=request.accessor))
    callback_form = bound.get("callback") or CallbackForm(
        slots=slots, initial={"phone_number": call.caller_number if call else ""}
    )
    for form in (notes_form, callback_form):
        _party_choices_set(form, pop)
    context = {
        "call": call,
        "pop": pop,
        "notes_form": notes_form,
        "callback_form": callback_form,
        "can_book_callback": bool(slots),
        "callbacks_due": callback_list_due(
            provider_id=request.accessor.provider_id, until=_end_of_today()
        ),
        "live": request.GET.get("live") != "uit",
        "live_seconds": LIVE_SECONDS,
        "is_other_call": False,
        "now": clock.now(),
    }
    return render(request, "workspace/channels/phone.html", context, status=status)


def _party_choices_set(form: PartyChoiceMixin, pop: CallScreenPop | None) -> None:
    known = pop.pop.party if pop and pop.pop else None
    candidates = pop.pop.candidates if pop and pop.pop else []
    form.party_set(party_choices(known, candidates), str(known.uuid) if known else NO_PARTY)


def _chosen_party(request: EmployeeRequest, form: PartyChoiceMixin) -> Any:
    """The customer picked in the form, read for ``contact_register`` (checked and logged);
    None for "not known yet". Raises ValidationError on the field for one out of reach."""
    chosen: UUID | None = form.cleaned_data.get("party")
    if chosen is None:
        return None
    try:
        return access_customer(
            accessor=request.accessor, party_uuid=chosen, activity=Activity.CONTACT_REGISTER
        )
    except NotAccessible as exc:
        raise ValidationError({"party": "Deze klant is niet gevonden. Kies uit de lijst."}) from exc


def _customer_link(party: Any) -> str:
    if party is None:
        return ""
    url = reverse("workspace:customer", args=[party.uuid])
    return format_html(' <a class="utrecht-link" href="{}">Naar {}</a>', url, party.display_name)


@require_POST
@employee_page(Activity.CONTACT_REGISTER)
def phone_notes(request: EmployeeRequest, call_uuid: UUID) -> HttpResponse:
    """ "Gespreksnotities" → the call's contact moment, in the dropped call's thread (TEL-03)."""
    actor = employee_actor(request)
    call = call_get(accessor=request.accessor, call_uuid=call_uuid)
    form = CallNotesForm(request.POST, topics=topics_list(accessor=request.accessor))
    if form.is_valid():
        try:
            party = _chosen_party(request, form)
            call_notes_register(
                accessor=request.accessor,
                call=call,
                party=party,
                notes=form.cleaned_data["notes"],
                actor=actor,
                topic=form.cleaned_data["topic"],
            )
        except (ValidationError, ApplicationError) as exc:
            form_errors_show(form, exc)
        else:
            text = "De gespreksnotities zijn vastgelegd in de tijdlijn."
            messages.success(request, format_html("{}{}", text, _customer_link(party)))
            return redirect("workspace:channel_phone")
    return _phone_page(request, call, {"notes": form}, status=400)


@require_POST
@employee_page(Activity.CONTACT_REGISTER)
def phone_callback(request: EmployeeRequest, call_uuid: UUID) -> HttpResponse:
    """A callback in the slot the caller chose (TEL-02); a full slot is a Dutch form error."""
    actor = employee_actor(request)
    call = call_get(accessor=request.accessor, call_uuid=call_uuid)
    if call.account is None:
        raise NotAccessible("Dit gesprek hoort bij geen telefoonnummer van ons.")
    form = CallbackForm(request.POST, slots=callback_slots(account=call.account))
    if form.is_valid():
        try:
            callback = callback_request_book(
                accessor=request.accessor,
                account=call.account,
                request=CallbackInput(
                    phone_number=form.cleaned_data["phone_number"],
                    slot_start=form.slot_start(),
                    reason=form.cleaned_data["reason"],
                    party=_chosen_party(request, form),
                    call=call,
                ),
                actor=actor,
            )
        except SlotUnavailable as exc:
            form.add_error("slot", exc.message)
        except (ValidationError, ApplicationError) as exc:
            form_errors_show(form, exc)
        else:
            when = timezone.localtime(callback.slot_start)
            messages.success(request, f"Terugbellen is ingepland op {when:%d-%m-%Y om %H:%M}.")
            return redirect("workspace:channel_phone")
    return _phone_page(request, call, {"callback": form}, status=400)


@require_POST
@employee_page(Activity.CONTACT_REGISTER)
def phone_callback_done(request: EmployeeRequest, callback_uuid: UUID) -> HttpResponse:
    """ "Afgerond" on the list of today's callbacks: reached, or not reached (stays open)."""
    callback = (
        callback_list_due(
            provider_id=request.accessor.provider_id, until=clock.now() + timedelta(days=366)
        )
        .filter(uuid=callback_uuid)
        .first()
    )
    if callback is None:
        raise NotAccessible("Dit terugbelverzoek is niet gevonden of al afgehandeld.")
    form = CallbackDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Zeg of de klant bereikt is.")
        return redirect("workspace:channel_phone")
    try:
        callback_request_complete(
            accessor=request.accessor, callback=callback, is_reached=form.cleaned_data["is_reached"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        reached = form.cleaned_data["is_reached"]
        messages.success(
            request,
            "Terugbelverzoek afgerond." if reached else "Vastgelegd: niet bereikt.",
        )
    return redirect("workspace:channel_phone")
