"""Admin of the assistant: the versioned knowledge base (edit as YAML, export, publish an
earlier version again), the settings per organisation, and the sessions (read-only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from klantbeeld.assistant.knowledge import KnowledgeError, knowledge_yaml, packaged_knowledge_text
from klantbeeld.assistant.models import AssistantSession, AssistantSettings, KnowledgeVersion
from klantbeeld.assistant.versions import (
    knowledge_check,
    knowledge_current,
    knowledge_publish,
    knowledge_republish,
    knowledge_version_yaml,
)
from klantbeeld.core.models import Provider


class KnowledgeVersionForm(forms.ModelForm):
    """A new version: the whole knowledge base as YAML, checked before it is saved."""

    text = forms.CharField(
        label="Kennisbank (YAML)",
        widget=forms.Textarea(attrs={"rows": 40, "cols": 120, "spellcheck": "true"}),
        help_text="Onderwerpen, voorbeeldvragen, antwoorden in drie stijlen, links en taken. "
        "Opslaan maakt een nieuwe versie; oude versies blijven bewaard.",
    )

    class Meta:
        model = KnowledgeVersion
        fields = ["provider", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        provider = data.get("provider")
        if provider is not None and data.get("text"):
            try:
                knowledge_check(provider=provider, text=data["text"])
            except KnowledgeError as error:
                raise forms.ValidationError(error.problems[:30]) from error
        return data


@admin.register(KnowledgeVersion)
class KnowledgeVersionAdmin(admin.ModelAdmin):
    list_display = ["provider", "number", "note", "created_by", "created_at"]
    list_filter = ["provider"]
    actions = ["export_yaml", "publish_again"]
    form = KnowledgeVersionForm

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a published version is never changed: publish a new one

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        provider = Provider.objects.filter(pk=request.GET.get("provider") or 0).first()
        if provider is not None:
            current = knowledge_current(provider)
            if current is not None:
                initial["text"] = knowledge_yaml(current.knowledge)
            else:
                try:
                    initial["text"] = packaged_knowledge_text(provider.code)
                except KnowledgeError:
                    initial["text"] = ""
        return initial

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        knowledge_publish(
            provider=form.cleaned_data["provider"],
            text=form.cleaned_data["text"],
            user=request.user if request.user.is_authenticated else None,
            note=form.cleaned_data.get("note", ""),
            version=obj,
        )

    @admin.action(description="Exporteer als YAML")
    def export_yaml(
        self, request: HttpRequest, queryset: QuerySet[KnowledgeVersion]
    ) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Kies één versie om te exporteren.", messages.WARNING)
            return None
        version = queryset.select_related("provider").get()
        response = HttpResponse(
            knowledge_version_yaml(version), content_type="application/yaml; charset=utf-8"
        )
        name = f"kennisbank-{version.provider.code}-v{version.number}.yaml"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @admin.action(description="Publiceer deze versie opnieuw als nieuwste")
    def publish_again(self, request: HttpRequest, queryset: QuerySet[KnowledgeVersion]) -> None:
        if queryset.count() != 1:
            self.message_user(request, "Kies één versie.", messages.WARNING)
            return
        user = request.user if request.user.is_authenticated else None
        version = knowledge_republish(version=queryset.get(), user=user)
        self.message_user(request, f"Gepubliceerd als versie {version.number}.")


@admin.register(AssistantSettings)
class AssistantSettingsAdmin(admin.ModelAdmin):
    list_display = ["provider", "is_active", "channel_policy", "office_opens", "office_closes"]
    list_filter = ["is_active", "channel_policy"]


@admin.register(AssistantSession)
class AssistantSessionAdmin(admin.ModelAdmin):
    list_display = ["conversation", "provider", "status", "handover_reason", "updated_at"]
    list_filter = ["provider", "status"]
    readonly_fields = [
        "provider",
        "conversation",
        "status",
        "state",
        "knowledge_version",
        "handover_reason",
        "handed_over_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
