"""Forms of the public booking pages: they check input, the services decide (BAL-02)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from klantbeeld.channels.models import AppointmentSlot
from klantbeeld.core.models import Topic
from klantbeeld.parties.validation import normalize_phone

_DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def day_label(day: date) -> str:
    """'donderdag 6 maart' style without depending on the locale being installed."""
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    return f"{_DAYS[day.weekday()]} {day.day} {months[day.month - 1]}"


_CLASSES: dict[type[forms.Widget], str] = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
}


class UtrechtForm(forms.Form):
    """Widgets with NL Design System (Utrecht) classes; descriptions and errors linked for
    screen readers, as in the workspace's ``control`` tag."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = _CLASSES.get(type(field.widget)) or "utrecht-textbox utrecht-textbox--html-input"
            field.widget.attrs["class"] = css
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_helptext"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} id_{name}_fout".strip()


class ChooseForm(UtrechtForm):
    """Step 1 (GET): where and which day."""

    locatie = forms.ChoiceField(label="Locatie")
    dag = forms.ChoiceField(label="Dag", help_text="Ook op donderdagavond en zaterdagochtend.")

    def __init__(
        self, *args: Any, locations: list[tuple[str, str]], days: Sequence[date], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["locatie"]).choices = locations
        cast(forms.ChoiceField, self.fields["dag"]).choices = [
            (day.isoformat(), day_label(day)) for day in days
        ]


class BookingForm(UtrechtForm):
    """Step 2 (POST): the time and how we can reach you. No login, no DigiD (BAL-02)."""

    tijd = forms.ChoiceField(label="Tijd", widget=forms.RadioSelect)
    onderwerp = forms.ModelChoiceField(
        label="Waarvoor komt u?", queryset=Topic.objects.none(), required=False
    )
    naam = forms.CharField(label="Uw naam", max_length=200)
    email = forms.EmailField(
        label="E-mailadres",
        required=False,
        help_text="Vul een e-mailadres of een telefoonnummer in, zodat wij u kunnen bereiken.",
    )
    telefoon = forms.CharField(label="Telefoonnummer", max_length=30, required=False)
    toelichting = forms.CharField(
        label="Toelichting",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(
        self, *args: Any, slots: list[AppointmentSlot], provider_id: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.slots = {str(slot.uuid): slot for slot in slots}
        cast(forms.ChoiceField, self.fields["tijd"]).choices = [
            (key, f"{timezone.localtime(slot.start):%H:%M} – {timezone.localtime(slot.end):%H:%M}")
            for key, slot in self.slots.items()
        ]
        topics = cast(forms.ModelChoiceField, self.fields["onderwerp"])
        topics.queryset = Topic.objects.filter(provider_id=provider_id)

    def clean_telefoon(self) -> str:
        value = self.cleaned_data.get("telefoon", "").strip()
        return normalize_phone(value) if value else ""

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if not cleaned.get("email") and not cleaned.get("telefoon") and not self.errors:
            raise ValidationError("Vul een e-mailadres of een telefoonnummer in.")
        return cleaned

    def slot(self) -> AppointmentSlot:
        return self.slots[self.cleaned_data["tijd"]]


class CancelForm(UtrechtForm):
    code = forms.CharField(
        label="Afspraakcode",
        max_length=20,
        help_text="De code staat in de bevestiging van uw afspraak, bijvoorbeeld K7PX3MQA.",
    )
