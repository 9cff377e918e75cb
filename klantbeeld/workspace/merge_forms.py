"""Forms of the merge pages: they only validate what was typed; the rules are in
``parties.merging`` and its ValidationErrors are shown on these forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class MergeSearchForm(forms.Form):
    q = forms.CharField(
        label="Zoek een klant",
        min_length=2,
        max_length=200,
        help_text="Naam, BSN, klantnummer, e-mailadres, telefoonnummer, of postcode en huisnummer.",
        error_messages={
            "required": "Typ wat u zoekt: een naam, BSN, klantnummer of ander gegeven.",
            "min_length": "Typ minstens twee tekens.",
        },
    )


class MergeForm(forms.Form):
    reason = forms.CharField(
        label="Waarom is dit dezelfde klant?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: zelfde naam, geboortedatum en adres; de klant bevestigde aan "
        "de telefoon dat beide e-mailadressen van hem zijn. Dit komt in het overzicht.",
        error_messages={
            "required": "Geef de reden van het samenvoegen; die komt in het overzicht."
        },
    )
    confirm = forms.BooleanField(
        label="Ik heb gecontroleerd dat dit dezelfde klant is",
        error_messages={
            "required": "Vink aan dat u heeft gecontroleerd dat het om dezelfde klant gaat."
        },
    )


class UndoForm(forms.Form):
    reason = forms.CharField(
        label="Waarom maakt u deze samenvoeging ongedaan?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Geef de reden van het ongedaan maken."},
    )


def show_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError on the field it names, or on the form as a whole."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        return
    for error in exc.messages:
        form.add_error(None, error)
