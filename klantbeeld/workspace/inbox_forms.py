"""Inbox forms: they validate what an employee typed and build the service's input (issue 5).

The rules (a handover note is required, one may not claim outside one's queues, a reply
needs an address) live in ``routing.services`` and ``channels.outbound``; their
``ValidationError`` is shown on the field it names, in Dutch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from klantbeeld.channels.outbound import REPLY_CHANNELS, Reply
from klantbeeld.core.constants import Channel
from klantbeeld.routing.constants import WorkItemStatus
from klantbeeld.routing.selectors import InboxFilter, InboxScope


class ActorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class InboxFilterForm(forms.Form):
    """The work list's filters; every value is optional and a wrong one is ignored."""

    weergave = forms.ChoiceField(
        label="Welk werk",
        required=False,
        choices=[
            (InboxScope.ALL, "Alles in mijn wachtrijen"),
            (InboxScope.MINE, "Mijn werk"),
            (InboxScope.UNASSIGNED, "Nog niet opgepakt"),
        ],
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Alle open werk"), *WorkItemStatus.choices],
    )
    wachtrij = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def to_filter(self) -> InboxFilter:
        if not self.is_valid():
            return InboxFilter()
        data = self.cleaned_data
        return InboxFilter(scope=data["weergave"], status=data["status"], queue=data["wachtrij"])


class AssignForm(forms.Form):
    prefix = "toewijzen"
    to = ActorChoiceField(label="Toewijzen aan", queryset=None, empty_label="Kies een collega")

    def __init__(self, *args: Any, colleagues: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = colleagues  # type: ignore[attr-defined]
        self.fields["to"].error_messages["required"] = "Kies aan wie u dit werk geeft."


class TransferForm(forms.Form):
    """Warm transfer: to a queue, a colleague, or both; the note is checked by the service."""

    prefix = "overdracht"

    to_queue: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Naar wachtrij", queryset=None, required=False, empty_label="Dezelfde wachtrij"
    )
    to_actor = ActorChoiceField(
        label="Naar collega", queryset=None, required=False, empty_label="Geen vaste collega"
    )
    note = forms.CharField(
        label="Overdrachtsnotitie",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Verplicht. Wat is er al gedaan en wat is de vraag? Uw collega leest dit eerst.",
    )

    def __init__(self, *args: Any, queues: QuerySet, colleagues: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_queue"].queryset = queues  # type: ignore[attr-defined]
        self.fields["to_actor"].queryset = colleagues  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    prefix = "notitie"
    note = forms.CharField(
        label="Interne notitie",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Alleen voor collega's; de klant ziet dit nooit.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ResolveForm(forms.Form):
    prefix = "afhandelen"
    note = forms.CharField(label="Toelichting bij afhandelen", max_length=4000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class IdentifyForm(forms.Form):
    """'Dit is de klant': one of the ranked candidates of an unconfirmed sender."""

    party = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, candidates: Iterable[Mapping[str, object]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.allowed = {str(candidate["party_uuid"]) for candidate in candidates}

    def clean_party(self) -> Any:
        value = self.cleaned_data["party"]
        if str(value) not in self.allowed:
            raise ValidationError("Kies een van de voorgestelde klanten.")
        return value


class ReplyForm(forms.Form):
    """The one composer: the channel (default: where the customer last wrote), text, subject."""

    prefix = "antwoord"

    channel = forms.ChoiceField(label="Antwoorden via")
    subject = forms.CharField(
        label="Onderwerp",
        max_length=200,
        required=False,
        help_text="Alleen voor e-mail en brief. Leeg: “Re:” met het onderwerp van het gesprek.",
    )
    body = forms.CharField(
        label="Uw antwoord",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    waiting = forms.BooleanField(
        label="Wacht daarna op de klant",
        required=False,
        initial=True,
        help_text="Uit: de vraag blijft bij u in behandeling.",
    )

    def __init__(self, *args: Any, addresses: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [  # type: ignore[attr-defined]
            (channel, _channel_option(channel, addresses.get(channel, "")))
            for channel in REPLY_CHANNELS
        ]

    def to_reply(self) -> Reply:
        data = self.cleaned_data
        return Reply(
            channel=data["channel"],
            body=data["body"],
            subject=data["subject"],
            waiting_for_customer=data["waiting"],
        )


def _channel_option(channel: str, address: str) -> str:
    label = str(Channel(channel).label)
    if channel == Channel.WEB_CHAT:
        # A chat's address is its session key, which opens the conversation: never shown.
        return f"{label} – in het chatgesprek" if address else f"{label} – geen chatgesprek open"
    if address:
        return f"{label} – naar {address}"
    if channel == Channel.LETTER:
        return f"{label} – naar het postadres"
    return f"{label} – geen adres bekend"


def service_errors_show(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the field it names, or on the form as a whole."""
    messages: dict[str | None, list[str]] = {None: exc.messages}
    if hasattr(exc, "error_dict"):
        messages = dict(exc.message_dict.items())
    for field, errors in messages.items():
        name = field if field in form.fields else None
        for error in errors:
            form.add_error(name, error)
