"""Forms of the privacy officer's pages: they only validate and build the service input."""

from __future__ import annotations

from uuid import UUID

from django import forms

from klantbeeld.privacy.selectors import LogQuery
from klantbeeld.privacy.services import RegisterEntryChange
from klantbeeld.workspace.forms import DATETIME_INPUT


class RegisterEntryForm(forms.Form):
    name = forms.CharField(label="Naam", max_length=200)
    purpose = forms.CharField(label="Doel", widget=forms.Textarea(attrs={"rows": 3}))
    data_categories = forms.CharField(
        label="Categorieën persoonsgegevens", widget=forms.Textarea(attrs={"rows": 2})
    )
    retention_days = forms.IntegerField(
        label="Bewaartermijn in dagen", min_value=1, max_value=36500
    )

    def to_change(self) -> RegisterEntryChange:
        return RegisterEntryChange(**self.cleaned_data)


class LogQueryForm(forms.Form):
    customer = forms.CharField(
        label="Klant",
        required=False,
        max_length=64,
        help_text="Klantnummer, of het klant-id (UUID) uit een logregel.",
    )
    actor = forms.CharField(
        label="Medewerker of taak",
        required=False,
        max_length=150,
        help_text="Gebruikersnaam van de medewerker, of de naam van een systeemtaak.",
    )
    trace_id = forms.RegexField(
        label="Trace-id",
        required=False,
        regex=r"^\s*[0-9a-fA-F]{32}\s*$",
        error_messages={"invalid": "Een trace-id bestaat uit 32 tekens 0-9 en a-f."},
    )
    since = forms.DateTimeField(
        label="Vanaf",
        required=False,
        input_formats=[DATETIME_INPUT, "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
    )
    until = forms.DateTimeField(
        label="Tot",
        required=False,
        input_formats=[DATETIME_INPUT, "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("customer", "actor", "trace_id", "since")):
            raise forms.ValidationError(
                "Zoek op een klant, een medewerker, een trace-id of een periode."
            )
        if data.get("since") and data.get("until") and data["until"] <= data["since"]:
            self.add_error("until", "‘Tot’ moet na ‘vanaf’ liggen.")
        return data

    def customer_uuid(self) -> UUID | None:
        try:
            return UUID(self.cleaned_data["customer"].strip())
        except (ValueError, AttributeError):
            return None

    def to_query(self, data_subject: UUID | None) -> LogQuery:
        data = self.cleaned_data
        return LogQuery(
            data_subject=data_subject,
            actor=data["actor"],
            trace_id=data["trace_id"] or "",
            since=data["since"],
            until=data["until"],
        )


class EmergencyAccessForm(forms.Form):
    identifier = forms.CharField(
        label="BSN of klantnummer",
        max_length=40,
        help_text="Het exacte nummer van de klant; zoeken op naam kan hier niet.",
    )
    reason = forms.CharField(
        label="Waarom moet u deze klant nu helpen?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="De privacy officer leest dit en beoordeelt of de toegang terecht was.",
    )


class EmergencyReviewForm(forms.Form):
    note = forms.CharField(
        label="Oordeel", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SubjectLookupForm(forms.Form):
    customer = forms.CharField(label="BSN of klantnummer van de verzoeker", max_length=40)


class LegalHoldForm(forms.Form):
    reason = forms.CharField(label="Wettelijke grond", max_length=300)
    until = forms.DateField(label="Tot en met", widget=forms.DateInput(attrs={"type": "date"}))


class RestrictionForm(forms.Form):
    reason = forms.CharField(label="Reden van de beperking", max_length=300)


class ErasureForm(forms.Form):
    confirm = forms.CharField(
        label="Typ WISSEN om te bevestigen",
        max_length=10,
        help_text="Wissen kan niet ongedaan worden gemaakt. Contacten blijven alleen als anonieme telling bestaan.",
    )

    def clean_confirm(self) -> str:
        if self.cleaned_data["confirm"].strip() != "WISSEN":
            raise forms.ValidationError("Typ WISSEN in hoofdletters om te bevestigen.")
        return "WISSEN"
