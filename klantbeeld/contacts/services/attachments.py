"""Files that come with a contact: a scanned letter, a meter photo, a complaint photo (SC-06,
SC-26). The content decides the type, not the name or the sender's claim."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import get_valid_filename

from klantbeeld.contacts.models import Attachment, ContactMoment
from klantbeeld.core.errors import NotAccessible
from klantbeeld.privacy.accessors import Accessor
from klantbeeld.privacy.constants import Activity, Operation
from klantbeeld.privacy.services import purpose_bound, purpose_check

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),  # scanners write TIFF (the letter channel)
    (b"MM\x00*", "image/tiff"),
)


def sniffed_type(content: bytes) -> str | None:
    """The media type the bytes prove, or None (then the file is refused)."""
    for signature, media_type in _SIGNATURES:
        if content.startswith(signature):
            return media_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


@transaction.atomic
def attachment_add(
    *, accessor: Accessor, contact_moment: ContactMoment, name: str, content: bytes
) -> Attachment:
    purpose_check(accessor=accessor, activity=Activity.CONTACT_REGISTER)
    if contact_moment.provider_id != accessor.provider_id:
        raise NotAccessible("Dit klantcontact is niet gevonden.")
    limit = settings.KLANTBEELD_ATTACHMENT_MAX_BYTES
    if not content:
        raise ValidationError({"file": "Dit bestand is leeg."})
    if len(content) > limit:
        raise ValidationError(
            {
                "file": f"Dit bestand is groter dan {limit // 1_000_000} MB. Stuur een kleiner bestand."
            }
        )
    media_type = sniffed_type(content)
    if media_type is None:
        raise ValidationError(
            {"file": "Dit soort bestand nemen we niet aan. Gebruik PDF, JPG, PNG of tekst."}
        )
    base_name = PurePath(name.replace("\\", "/")).name.lstrip(".")
    safe_name = get_valid_filename(base_name)[:200] if base_name else "bijlage"
    attachment = Attachment(
        provider_id=contact_moment.provider_id,
        contact_moment=contact_moment,
        name=safe_name,
        content_type=media_type,
        size_bytes=len(content),
    )
    attachment.file.save(safe_name, ContentFile(content), save=False)
    attachment.full_clean()
    attachment.save()
    purpose_bound(
        accessor=accessor,
        activity=Activity.CONTACT_REGISTER,
        operation=Operation.CREATE,
        subjects=list(
            contact_moment.participants.exclude(party=None).values_list("party__uuid", flat=True)
        ),
    )
    return attachment
