"""Forms of the phone, counter and post room pages (issue 5; TEL-01..TEL-04, BAL-01, BAL-04,
POST-03, POST-05).

They check what the employee typed and build the channel service's input; the rules (a full
slot, a completed visit, agreements only for a known customer) are the services'. Every
message is Dutch, shown in the form beside the field it is about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import PurePath

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from klantbeeld.channels.letter.ocr import media_type
from klantbeeld.channels.phone.callbacks import CallbackSlot

NO_PARTY = ""
SCAN_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")


def party_choices(known: object | None, candidates: Iterable[object]) -> list[tuple[str, str]]:
    """The caller as the screen-pop found them, candidates to choose from, or nobody yet."""
    people = [known] if known is not None else list(candidates)
    choices = [(str(p.uuid), f"{p.display_name} ({p.number})") for p in people]  # type: ignore[attr-defined]
    return [*choices, (NO_PARTY, "Nog niet bekend / geen van deze")]


class PartyChoiceMixin(forms.Form):
    """Which customer this is about, among the screen-pop's choices (TEL-04). The view reads
    the chosen customer through ``access_customer``, which checks and logs the access."""

    # A UUID, not a choice: the POST needs no second screen-pop read to validate it.
    party = forms.UUIDField(
        label="Wie belt er?",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid": "Kies de klant uit de lijst."},
    )

    def party_set(self, choices: Sequence[tuple[str, str]], initial: str) -> None:
        self.fields["party"].widget.choices = choices
        self.initial.setdefault("party", initial)


class CallNotesForm(PartyChoiceMixin):
    topic: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Onderwerp", queryset=None, required=False
    )
    notes = forms.CharField(
        label="Gespreksnotities",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Wat vroeg de beller en wat is er gezegd of afgesproken? "
        "Schrijf het zo dat een collega verder kan.",
        error_messages={"required": "Schrijf op waarover het gesprek ging."},
    )

    def __init__(self, *args: object, topics: QuerySet, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["topic"].queryset = topics  # type: ignore[attr-defined]


def slot_label(slot: CallbackSlot) -> str:
    start, end = timezone.localtime(slot.start), timezone.localtime(slot.end)
    days = ("ma", "di", "wo", "do", "vr", "za", "zo")
    label = f"{days[start.weekday()]} {start:%d-%m} {start:%H:%M}–{end:%H:%M}"
    return label if slot.is_available else f"{label} (vol)"


class CallbackForm(PartyChoiceMixin):
    """A callback in a slot the caller chooses (TEL-02). Full slots stay in the list, marked
    "(vol)", so the employee sees why; the service refuses them under a lock."""

    phone_number = forms.CharField(
        label="Terugbelnummer",
        max_length=30,
        error_messages={"required": "Vul het nummer in waarop de klant gebeld wil worden."},
    )
    slot = forms.ChoiceField(
        label="Tijdvak",
        error_messages={
            "required": "Kies een tijdvak.",
            "invalid_choice": "Dit tijdvak bestaat niet (meer). Kies een ander tijdvak.",
        },
    )
    reason = forms.CharField(label="Waarover?", max_length=200, required=False)

    def __init__(self, *args: object, slots: Sequence[CallbackSlot], **kwargs: object) -> None:
        # Its own ids: the notes form on the same page has a "party" field too.
        kwargs.setdefault("auto_id", "terugbellen_%s")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["slot"].choices = [  # type: ignore[attr-defined]
            ("", "Kies een tijdvak"),
            *((slot.start.isoformat(), slot_label(slot)) for slot in slots),
        ]

    def slot_start(self) -> datetime:
        return datetime.fromisoformat(self.cleaned_data["slot"])


class CallbackDoneForm(forms.Form):
    is_reached = forms.TypedChoiceField(
        choices=[("ja", "Bereikt"), ("nee", "Niet bereikt")],
        coerce=lambda value: value == "ja",
        error_messages={"required": "Zeg of de klant bereikt is."},
    )


class CustomerQueryMixin(forms.Form):
    """The customer, found with the workspace search (name, BSN, customer number…); empty
    when the visitor is not (yet) known."""

    customer = forms.CharField(
        label="Klant",
        max_length=200,
        required=False,
        help_text="Naam, BSN, klantnummer, e-mailadres of telefoonnummer. Leeg laten als de "
        "bezoeker onbekend is.",
    )


class WalkInForm(CustomerQueryMixin):
    name = forms.CharField(
        label="Naam bezoeker",
        max_length=200,
        error_messages={"required": "Vul de naam in waarmee we de bezoeker oproepen."},
    )
    topic: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Onderwerp", queryset=None, required=False
    )

    def __init__(self, *args: object, topics: QuerySet, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["topic"].queryset = topics  # type: ignore[attr-defined]


class CallVisitorForm(forms.Form):
    desk = forms.CharField(
        label="Balie",
        max_length=30,
        error_messages={"required": "Vul in aan welke balie u de bezoeker oproept."},
    )


class VisitCompleteForm(CustomerQueryMixin):
    subject = forms.CharField(
        label="Waar ging het over?",
        max_length=200,
        error_messages={"required": "Vul in waar het bezoek over ging."},
    )
    summary = forms.CharField(
        label="Samenvatting",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wat vroeg de bezoeker en wat is er gedaan? Schrijf het zo dat een collega "
        "verder kan.",
    )


class ScanUploadForm(forms.Form):
    """A scanned letter from the post room (POST-03, POST-05): PDF, JPEG, PNG or TIFF."""

    scan = forms.FileField(
        label="Scan van de brief",
        help_text="PDF, JPG, PNG of TIFF.",
        error_messages={
            "required": "Kies het bestand met de scan.",
            "empty": "Het bestand is leeg. Scan de brief opnieuw.",
        },
    )
    sender_name = forms.CharField(
        label="Afzender op de envelop",
        max_length=200,
        required=False,
        help_text="Helpt de brief aan de juiste klant te koppelen; de brief zelf beslist niet.",
    )

    def __init__(self, *args: object, max_bytes: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.max_bytes = max_bytes
        self.fields[
            "scan"
        ].help_text = f"PDF, JPG, PNG of TIFF; hoogstens {max_bytes // 1_000_000} MB."

    def clean_scan(self) -> object:
        scan = self.cleaned_data["scan"]
        if scan.size > self.max_bytes:
            raise forms.ValidationError(
                f"Het bestand is groter dan {self.max_bytes // 1_000_000} MB. Scan de brief "
                "opnieuw in een lagere resolutie of in delen."
            )
        if PurePath(scan.name or "").suffix.lower() not in SCAN_EXTENSIONS:
            raise forms.ValidationError("Kies een PDF, JPG, PNG of TIFF.")
        head = scan.read(16)
        scan.seek(0)
        if media_type(head) is None:
            raise forms.ValidationError(
                "Dit bestand is geen PDF of afbeelding, ook al heet het zo. Kies de scan zelf."
            )
        return scan
