"""Public appointment pages under /kanalen/balie/<organisation>/afspraak/ (BAL-02, CH-06).

No login and no DigiD: anyone can book, see the confirmation with the code, and cancel with
that code. Views stay thin: the forms check input, ``services``/``selectors``/``slots`` act.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from klantbeeld.channels.counter import selectors, services, slots
from klantbeeld.channels.counter.forms import BookingForm, CancelForm, ChooseForm, day_label
from klantbeeld.channels.models import Appointment, ChannelAccount
from klantbeeld.core import clock
from klantbeeld.core.errors import ApplicationError, NotAccessible
from klantbeeld.core.models import Provider


def _provider(code: str) -> Provider:
    try:
        return selectors.provider_for_booking(code=code)
    except NotAccessible as exc:
        raise Http404(exc.message) from exc


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, provider_code: str) -> HttpResponse:
    provider = _provider(provider_code)
    locations = list(selectors.counter_locations(provider_id=provider.pk))
    source = request.POST if request.method == "POST" else request.GET
    location = _chosen_location(locations, source.get("locatie", ""))
    now = clock.now()
    slots.slots_ensure(location=location, first_day=timezone.localdate(now))
    available = slots.slots_available(location=location, now=now)
    days = slots.slot_days(available)
    day = _chosen_day(days, source.get("dag", ""))
    choose = ChooseForm(
        initial={"locatie": location.address, "dag": day.isoformat() if day else ""},
        locations=[(item.address, item.name) for item in locations],
        days=days,
    )
    day_slots = [slot for slot in available if timezone.localdate(slot.start) == day]
    form = BookingForm(
        request.POST if request.method == "POST" else None,
        slots=day_slots,
        provider_id=provider.pk,
    )
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_book(
                slot=form.slot(),
                booking=services.BookingInput(
                    name=form.cleaned_data["naam"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["telefoon"],
                    topic=form.cleaned_data["onderwerp"],
                    remarks=form.cleaned_data["toelichting"],
                ),
            )
        except ApplicationError as exc:
            form.add_error("tijd", exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(
                "balie:confirmation", provider_code=provider.code, appointment_uuid=appointment.uuid
            )
    return render(
        request,
        "channels/counter/book.html",
        {
            "provider": provider,
            "location": location,
            "choose": choose,
            "form": form,
            "day_label": day_label(day) if day else "",
            "day": day,
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


def _chosen_location(locations: list[ChannelAccount], address: str) -> ChannelAccount:
    return next((item for item in locations if item.address == address), locations[0])


def _chosen_day(days: list[date], value: str) -> date | None:
    try:
        wanted = date.fromisoformat(value)
    except ValueError:
        wanted = None
    if wanted in days:
        return wanted
    return days[0] if days else None


def confirmation(request: HttpRequest, provider_code: str, appointment_uuid: UUID) -> HttpResponse:
    provider = _provider(provider_code)
    appointment = (
        Appointment.objects.filter(provider=provider, uuid=appointment_uuid)
        .select_related("slot__location", "topic")
        .first()
    )
    if appointment is None:
        raise Http404("Deze afspraak is niet gevonden.")
    return render(
        request,
        "channels/counter/confirmation.html",
        {
            "provider": provider,
            "appointment": appointment,
            "day_label": day_label(timezone.localdate(appointment.slot.start)),
        },
    )


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, provider_code: str) -> HttpResponse:
    provider = _provider(provider_code)
    form = CancelForm(request.POST or None)
    cancelled = None
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = services.appointment_cancel(
                provider_id=provider.pk, code=form.cleaned_data["code"]
            )
        except ApplicationError as exc:
            form.add_error("code", exc.message)
    return render(
        request,
        "channels/counter/cancel.html",
        {"provider": provider, "form": form, "cancelled": cancelled},
        status=400 if form.errors else 200,
    )
