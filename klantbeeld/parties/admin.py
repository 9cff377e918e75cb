from django.contrib import admin

from klantbeeld.parties.models import (
    DigitalAddress,
    Party,
    PartyIdentifier,
    PostalAddress,
    Preference,
)


class IdentifierInline(admin.TabularInline):
    model = PartyIdentifier
    extra = 0
    fields = ["kind", "register", "value"]


class DigitalAddressInline(admin.TabularInline):
    model = DigitalAddress
    extra = 0
    fields = ["kind", "value", "is_default", "verified_at"]


class PostalAddressInline(admin.StackedInline):
    model = PostalAddress
    extra = 0


class PreferenceInline(admin.StackedInline):
    model = Preference
    extra = 0


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    """Functional administration only; employees work in the workspace, where every read is
    purpose-bound and logged."""

    list_display = ["number", "kind", "surname", "given_names", "organisation_name", "provider"]
    list_filter = ["provider", "kind", "is_active"]
    search_fields = ["=number"]
    readonly_fields = ["surname_key", "name_key"]
    inlines = [IdentifierInline, DigitalAddressInline, PostalAddressInline, PreferenceInline]
