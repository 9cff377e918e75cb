"""Functional administration of customer data: correction only, purpose-bound and logged
(privacy/admin_mixins.py). Employees serve customers in the workspace."""

from django.contrib import admin

from klantbeeld.parties.models import (
    DigitalAddress,
    Party,
    PartyIdentifier,
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
