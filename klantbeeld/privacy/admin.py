from django.contrib import admin

from klantbeeld.core.models import Provider
from klantbeeld.privacy.models import ProcessingActivity, ProcessingLog
from klantbeeld.privacy.services import processing_register_install


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    """A new organisation starts with the default processing register (PRIV-01)."""

    list_display = ["name", "code", "kind"]
    search_fields = ["name", "code"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        processing_register_install(provider=obj)


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "legal_basis", "retention_days", "provider"]
    list_filter = ["provider", "legal_basis"]
    readonly_fields = ["code"]


@admin.register(ProcessingLog)
class ProcessingLogAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only (PRIV-05)."""

    list_display = [
        "occurred_at",
        "activity",
        "operation",
        "actor_kind",
        "actor_id",
        "data_subject",
    ]
    list_filter = ["provider", "operation", "actor_kind"]
    search_fields = ["=data_subject", "=trace_id", "=actor_id"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
