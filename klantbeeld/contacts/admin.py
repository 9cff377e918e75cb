from django.contrib import admin

from klantbeeld.contacts.models import Actor


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    """Employees, teams and automated actors. Customer data is not administered here: it is
    read in the workspace, where every read is purpose-bound and logged (PRIV-05)."""

    list_display = ["name", "kind", "team", "provider", "is_active"]
    list_filter = ["provider", "kind", "is_active"]
    search_fields = ["name", "identifier"]
