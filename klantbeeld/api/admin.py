"""API applications and their tokens, managed by the functional administrator (issue 4).

A new token is shown once, in the confirmation message after saving; only its hash is kept.
Tokens are never edited into existence by typing a key, and never deleted: revoke them, so
the processing log keeps naming a token that existed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from klantbeeld.api.models import Application, Token
from klantbeeld.api.services import token_issue, token_revoke


class TokenInline(admin.TabularInline):
    model = Token
    extra = 0
    fields = ["key_hint", "may_read", "may_write", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["key_hint", "revoked_at", "last_used_at"]
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # use the action "Nieuw token uitgeven", which shows the key once


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "is_active", "contact_email"]
    list_filter = ["provider", "is_active"]
    search_fields = ["name"]
    inlines = [TokenInline]
    actions = ["issue_read_token", "issue_write_token"]

    @admin.action(description="Nieuw token uitgeven: alleen lezen")
    def issue_read_token(self, request: HttpRequest, queryset: QuerySet[Application]) -> None:
        self._issue(request, queryset, {"lezen"})

    @admin.action(description="Nieuw token uitgeven: lezen en schrijven")
    def issue_write_token(self, request: HttpRequest, queryset: QuerySet[Application]) -> None:
        self._issue(request, queryset, {"lezen", "schrijven"})

    def _issue(
        self, request: HttpRequest, queryset: QuerySet[Application], scopes: set[str]
    ) -> None:
        for application in queryset:
            issued = token_issue(
                provider=application.provider, application_name=application.name, scopes=scopes
            )
            messages.warning(
                request,
                f"Token voor {application.name}: {issued.key} — kopieer het nu; "
                "het wordt niet opnieuw getoond.",
            )


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    list_display = [
        "application",
        "key_hint",
        "may_read",
        "may_write",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["may_write", "application__provider"]
    fields = [
        "application",
        "key_hint",
        "may_read",
        "may_write",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    readonly_fields = ["application", "key_hint", "revoked_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Intrekken")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Token]) -> None:
        for token in queryset.filter(revoked_at=None):
            token_revoke(token)
        messages.success(request, "De gekozen tokens zijn ingetrokken.")
