"""Workspace forms: they validate what a person typed and build the service's input.

Business rules (future dates, other organisation's objects, thread choice) live in the
services; a service's ``ValidationError`` is shown on the form field it names.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from klantbeeld.contacts.constants import Outcome, Sentiment, TaskKind
from klantbeeld.contacts.services import AgreementInput, ContactMomentInput
from klantbeeld.core import two_factor
from klantbeeld.core.constants import EMPLOYEE_CHANNELS, Channel, Direction

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class LoginForm(AuthenticationForm):
    """Password, and the code from the authenticator app when the employee has one (PRIV-06)."""

    error_messages = {
        "invalid_login": "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet.",
        "inactive": "Dit account is niet actief.",
    }
    code = forms.CharField(
        label="Code uit uw authenticator-app",
        required=False,
        max_length=10,
        help_text="Alleen als u tweestapsverificatie gebruikt: de 6 cijfers die de app nu toont.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        user = self.get_user()
        self.otp_device = None
        if user is not None and two_factor.has_device(user):
            if not data.get("code"):
                raise ValidationError("Vul ook de code van 6 cijfers uit uw authenticator-app in.")
            self.otp_device = two_factor.code_check(self.request, user, data["code"])
            if self.otp_device is None:
                raise ValidationError(
                    "Deze code klopt niet of is verlopen. Probeer de nieuwe code."
                )
        return data


class TwoFactorForm(forms.Form):
    code = forms.CharField(
        label="Code uit uw authenticator-app",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Zoek een klant",
        max_length=200,
        error_messages={
            "required": "Typ wat u zoekt: een naam, BSN, klantnummer of ander gegeven."
        },
        help_text="Naam, BSN, klantnummer, e-mailadres, telefoonnummer, of postcode en huisnummer.",
    )


class LookupForm(forms.Form):
    phone = forms.CharField(label="Telefoonnummer", max_length=40)


def _datetime_field(label: str, *, required: bool) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
    )


class ContactMomentForm(forms.Form):
    channel = forms.ChoiceField(label="Kanaal", choices=EMPLOYEE_CHANNELS, initial=Channel.PHONE)
    direction = forms.ChoiceField(
        label="Richting",
        choices=Direction.choices,
        initial=Direction.INBOUND,
        widget=forms.RadioSelect,
    )
    topic: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Onderwerp", queryset=None, required=False
    )
    case: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Hoort bij zaak", queryset=None, required=False, empty_label="Geen zaak"
    )
    subject = forms.CharField(label="Waar ging het over?", max_length=200)
    summary = forms.CharField(
        label="Samenvatting",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wat vroeg de klant en wat is er gezegd? Schrijf het zo dat een collega verder kan.",
    )
    occurred_at = _datetime_field("Tijdstip van het contact", required=True)
    outcome = forms.ChoiceField(
        label="Uitkomst", choices=[("", "—"), *Outcome.choices], required=False
    )
    sentiment = forms.ChoiceField(
        label="Hoe voelde de klant zich?", choices=[("", "—"), *Sentiment.choices], required=False
    )

    def __init__(self, *args: object, topics: QuerySet, cases: QuerySet, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["topic"].queryset = topics  # type: ignore[attr-defined]
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["occurred_at"] = timezone.localtime().replace(second=0, microsecond=0)

    def to_input(self) -> ContactMomentInput:
        data = self.cleaned_data
        return ContactMomentInput(
            channel=data["channel"],
            direction=data["direction"],
            subject=data["subject"],
            occurred_at=data["occurred_at"],
            topic=data["topic"],
            summary=data["summary"],
            outcome=data["outcome"],
            sentiment=data["sentiment"],
            case=data["case"],
        )


class AgreementForm(forms.Form):
    """One agreement (interne taak): what, by whom, by when (CV-06, PS-15). Empty rows are skipped."""

    requested_action = forms.CharField(label="Wat is afgesproken?", max_length=200, required=False)
    kind = forms.ChoiceField(label="Soort", choices=TaskKind.choices, initial=TaskKind.CALLBACK)
    assigned_to: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Wie voert het uit?", queryset=None, required=False
    )
    due_at = _datetime_field("Uiterlijk", required=False)

    def __init__(self, *args: object, actors: QuerySet, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["assigned_to"].queryset = actors  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("requested_action") and not data.get("assigned_to"):
            self.add_error("assigned_to", "Kies wie deze afspraak uitvoert.")
        if data.get("assigned_to") and not data.get("requested_action"):
            self.add_error("requested_action", "Beschrijf wat er is afgesproken.")
        return data

    def to_input(self) -> AgreementInput | None:
        data = self.cleaned_data
        if not data.get("requested_action"):
            return None
        return AgreementInput(
            requested_action=data["requested_action"],
            kind=data["kind"],
            assigned_to=data["assigned_to"],
            due_at=data.get("due_at"),
        )


AGREEMENT_ROWS = 2


def agreement_forms(data: object, actors: QuerySet) -> list[AgreementForm]:
    return [
        AgreementForm(data, prefix=f"afspraak-{index}", actors=actors)
        for index in range(AGREEMENT_ROWS)
    ]


def show_service_errors(
    form: forms.Form, agreements: list[AgreementForm], exc: ValidationError
) -> None:
    """Put a service's ValidationError on the field it names, or on the form as a whole."""
    messages: dict[str | None, list[str]] = {None: exc.messages}
    if hasattr(exc, "error_dict"):
        messages = dict(exc.message_dict.items())
    for field, errors in messages.items():
        target: forms.Form = form
        if field == "due_at":
            target = next((agreement for agreement in agreements if agreement.has_changed()), form)
        name = field if field in target.fields else None
        for error in errors:
            target.add_error(name, error)
