"""A customer's own profile, for data subject requests: export and erasure (AVG 15, 17, 20)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from klantbeeld.parties.models import Party


def _party(provider_id: int, subject: UUID) -> Party | None:
    return (
        Party.objects.filter(provider_id=provider_id, uuid=subject)
        .select_related("preference")
        .prefetch_related("identifiers", "digital_addresses", "postal_addresses")
        .first()
    )


def profile_export(provider_id: int, subject: UUID) -> dict[str, Any]:
    party = _party(provider_id, subject)
    if party is None:
        return {}
    preference = getattr(party, "preference", None)
    return {
        "klantnummer": party.number,
        "naam": party.display_name,
        "geboortedatum": party.date_of_birth.isoformat() if party.date_of_birth else None,
        "identificaties": [
            {"soort": i.get_kind_display(), "nummer": i.value} for i in party.identifiers.all()
        ],
        "adressen": [
            {"soort": a.get_kind_display(), "adres": str(a)} for a in party.postal_addresses.all()
        ],
        "digitale_adressen": [
            {"soort": d.get_kind_display(), "adres": d.value, "geverifieerd": d.is_verified}
            for d in party.digital_addresses.all()
        ],
        "voorkeuren": {
            "kanaal": preference.get_preferred_channel_display(),
            "antwoordstijl": preference.get_answer_style_display(),
            "aanspreekvorm": preference.form_of_address,
            "hulp_bij_digitale_zaken": preference.needs_digital_help,
        }
        if preference
        else {},
    }


def profile_erase(provider_id: int, subject: UUID) -> int:
    deleted, _ = Party.objects.filter(provider_id=provider_id, uuid=subject).delete()
    return deleted
