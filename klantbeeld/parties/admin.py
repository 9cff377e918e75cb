"""Functional administration of customer data: correction only, purpose-bound and logged
(privacy/admin_mixins.py). Employees serve customers in the workspace."""

from django.contrib import admin

from klantbeeld.parties.models import (
    DigitalAddress,
    Party,
    PartyIdentifier,
    PartyMerge,
    PartyMergeMove,
    PostalAddress,
    Preference,
)
from klantbeeld.parties.validation import name_key, surname_key
from klantbeeld.privacy.admin_mixins import PurposeBoundAdmin


class _ReadOnlyDeleteInline:
    extra = 0

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class IdentifierInline(_ReadOnlyDeleteInline, admin.TabularInline):
    model = PartyIdentifier
    fields = ["kind", "register", "value"]
    readonly_fields = ["kind", "register", "value"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class DigitalAddressInline(_ReadOnlyDeleteInline, admin.TabularInline):
    model = DigitalAddress
    fields = ["kind", "value", "is_default", "verified_at"]
    readonly_fields = ["kind", "value", "verified_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class PostalAddressInline(_ReadOnlyDeleteInline, admin.StackedInline):
    model = PostalAddress


class PreferenceInline(_ReadOnlyDeleteInline, admin.StackedInline):
    model = Preference


@admin.register(Party)
class PartyAdmin(PurposeBoundAdmin):
    # the list shows numbers only: opening a record is the read that is logged
    list_display = ["number", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["=number"]
    fields = [
        "number",
        "kind",
        "initials",
        "given_names",
        "surname_prefix",
        "surname",
        "organisation_name",
        "date_of_birth",
        "preferred_language",
        "is_secret",
        "is_active",
        "internal_note",
    ]
    readonly_fields = ["number", "kind"]
    inlines = [IdentifierInline, DigitalAddressInline, PostalAddressInline, PreferenceInline]

    def save_model(self, request, obj, form, change) -> None:
        obj.surname_key = surname_key(obj.surname or obj.organisation_name)
        obj.name_key = name_key(
            obj.surname, obj.given_names, obj.initials, obj.surname_prefix, obj.organisation_name
        )
        super().save_model(request, obj, form, change)


class PartyMergeMoveInline(_ReadOnlyDeleteInline, admin.TabularInline):
    model = PartyMergeMove
    fields = readonly_fields = (
        "model_label",
        "object_pk",
        "field_name",
        "is_moved",
        "note",
        "restore",
    )

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PartyMerge)
class PartyMergeAdmin(PurposeBoundAdmin):
    """Read-only: a merge is made and undone in the workspace (parties.merging), with its
    rules and its audit; here the record and every moved row can only be looked at."""

    list_display = ["performed_at", "survivor_number", "merged_number", "is_undone"]
    list_filter = ["undone_at"]
    search_fields = ["=survivor__number", "=merged__number"]
    fields = readonly_fields = (
        "survivor",
        "merged",
        "performed_by",
        "performed_at",
        "reason",
        "merged_snapshot",
        "undone_at",
        "undone_by",
        "undo_reason",
        "undo_outcome",
    )
    inlines = [PartyMergeMoveInline]

    def data_subjects(self, obj):
        return [obj.survivor.uuid, obj.merged.uuid]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="klant die blijft")
    def survivor_number(self, obj) -> str:
        return obj.survivor.number

    @admin.display(description="samengevoegde klant")
    def merged_number(self, obj) -> str:
        return obj.merged.number

    @admin.display(description="ongedaan gemaakt", boolean=True)
    def is_undone(self, obj) -> bool:
        return obj.is_undone

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("survivor", "merged")
