"""Admin of the channels: accounts, and the inbound store with its quarantine (issue 5, item 2).

A functional administrator (data-correction purpose, logged like every read of personal data)
sees what was quarantined and why, and offers it again after a fix. Nothing is edited or
deleted here: a message is evidence of what the customer sent.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from klantbeeld.channels.constants import InboundStatus
from klantbeeld.channels.intake import inbound_reprocess
from klantbeeld.channels.models import ChannelAccount, InboundMessage, OutboundMessage
from klantbeeld.privacy.admin_mixins import PurposeBoundAdmin


@admin.register(ChannelAccount)
class ChannelAccountAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "address", "provider", "is_active"]
    list_filter = ["channel", "is_active", "provider"]
    search_fields = ["name", "address"]
    readonly_fields = ["uuid", "created_at"]


def _subjects(obj: Model) -> list[UUID]:
    party = getattr(obj, "party", None)
    return [party.uuid] if party is not None else []


class _ReadOnly(PurposeBoundAdmin):
    def data_subjects(self, obj: Model) -> list[UUID]:
        return _subjects(obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(InboundMessage)
class InboundMessageAdmin(_ReadOnly):
    list_display = [
        "received_at",
        "channel",
        "kind",
        "status",
        "quarantine_reason",
        "identity",
        "attempts",
    ]
    list_filter = ["status", "quarantine_reason", "channel", "kind", "identity"]
    search_fields = ["external_id"]
    date_hierarchy = "received_at"
    exclude = ["raw"]
    actions = ["reprocess"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [f.name for f in InboundMessage._meta.fields if f.name != "raw"]

    @admin.action(description=_("Opnieuw verwerken (alleen berichten in quarantaine)"))
    def reprocess(self, request: HttpRequest, queryset: QuerySet[InboundMessage]) -> None:
        quarantined = queryset.filter(status=InboundStatus.QUARANTINED)
        count = 0
        for message in quarantined:
            inbound_reprocess(message)
            count += 1
        messages.info(request, _("%(count)s bericht(en) opnieuw aangeboden.") % {"count": count})

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # The list's action needs it; the form itself has only read-only fields.
        return self._accessor(request) is not None


@admin.register(OutboundMessage)
class OutboundMessageAdmin(_ReadOnly):
    list_display = ["created_at", "channel", "status", "attempts", "sent_at", "delivered_at"]
    list_filter = ["status", "channel"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [f.name for f in OutboundMessage._meta.fields]
