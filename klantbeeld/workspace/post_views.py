"""The post room for the employee: upload a scanned letter (POST-03, POST-05).

Thin (STYLE.md): the gate (``contact_register``), the form (type and size), then
``channels.letter.upload.letter_receive`` — the same path as the scan station, so the same
scan twice is one message and OCR happens in processing. The answer is the receipt the
employee can rely on (POST-03): stored, and, when processing runs inline, what came of it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from klantbeeld.channels.constants import InboundStatus
from klantbeeld.channels.letter.upload import letter_receive, max_scan_bytes
from klantbeeld.privacy.constants import Activity
from klantbeeld.workspace.access import EmployeeRequest, employee_page
from klantbeeld.workspace.channel_forms import ScanUploadForm

RECEIVED = "Brief ontvangen; hij staat na het lezen in de inbox."


@require_http_methods(["GET", "POST"])
@employee_page(Activity.CONTACT_REGISTER)
def post_upload(request: EmployeeRequest) -> HttpResponse:
    """ "Postkamer": one scan per upload; a Dutch error in the form, never a 500."""
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ScanUploadForm(*data, max_bytes=max_scan_bytes())
    if request.method == "POST" and form.is_valid():
        scan = form.cleaned_data["scan"]
        try:
            receipt = letter_receive(
                request.user.provider,  # type: ignore[union-attr,arg-type]
                scan.read(),
                scan.name,
                form.cleaned_data["sender_name"],
            )
        except ValueError:
            form.add_error("scan", "Het bestand is leeg. Scan de brief opnieuw.")
        else:
            receipt.message.refresh_from_db()  # processing may have run on commit (inline)
            level = messages.SUCCESS
            if receipt.message.status == InboundStatus.QUARANTINED:
                level = messages.WARNING
            messages.add_message(request, level, receipt_text(receipt.message, receipt.created))
            return redirect("workspace:channel_post")
    status = 400 if request.method == "POST" else 200
    return render(request, "workspace/channels/post.html", {"form": form}, status=status)


def receipt_text(message: Any, created: bool) -> str:
    """What the employee reads after the upload: stored, and the processing result if known."""
    if not created:
        received = timezone.localtime(message.received_at)
        return f"Deze scan was al ontvangen op {received:%d-%m-%Y om %H:%M}; er is niets dubbel opgeslagen."
    if message.status == InboundStatus.PROCESSED:
        return f"{RECEIVED} Gelezen als “{message.subject or 'Brief'}”."
    if message.status == InboundStatus.QUARANTINED:
        return (
            f"{RECEIVED} Let op: de brief staat in quarantaine "
            f"({message.get_quarantine_reason_display()}). {message.quarantine_detail}"
        ).strip()
    return RECEIVED
