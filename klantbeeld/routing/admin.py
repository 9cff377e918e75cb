"""Admin of the inbox's configuration: queues, employees' capacity, service norms, templates."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from klantbeeld.core.plain_language import plain_language_check
from klantbeeld.routing.models import Agent, Queue, ReplyTemplate, SlaPolicy


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "team", "skill", "is_default", "auto_assign"]
    list_filter = ["provider", "auto_assign"]
    filter_horizontal = ["topics"]


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    list_display = ["actor", "capacity", "is_available"]
    list_filter = ["is_available"]
    filter_horizontal = ["queues"]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ["provider", "channel", "first_response_minutes", "resolution_minutes"]
    list_filter = ["provider", "channel"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "answer_style", "topic", "is_active", "language_level"]
    list_filter = ["provider", "answer_style", "is_active"]
    readonly_fields = ["language_verdict"]

    @admin.display(description="Taalniveau")
    def language_level(self, template: ReplyTemplate) -> str:
        """B1 or boven B1; empty for a text of only placeholders and links."""
        verdict = plain_language_check(template.body)
        return verdict.level if verdict.word_count else self.get_empty_value_display()

    @admin.display(description="Taalniveau (B1-check)")
    def language_verdict(self, template: ReplyTemplate) -> SafeString:
        """The verdict with its figures and hints, as the composer shows it (all escaped)."""
        verdict = plain_language_check(template.body)
        hints = format_html_join("", "<li>{}</li>", ((hint,) for hint in verdict.hints))
        if not verdict.word_count:
            return format_html("<ul>{}</ul>", hints)
        return format_html(
            "<p><strong>{}</strong> · leesbaarheid (Flesch-Douma) {} · gemiddeld {} woorden per "
            "zin</p>{}",
            verdict.level,
            f"{verdict.flesch_douma:.0f}",
            f"{verdict.average_sentence_words:.1f}".replace(".", ","),
            format_html("<ul>{}</ul>", hints) if verdict.hints else "",
        )
