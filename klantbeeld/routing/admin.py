"""Admin of the inbox's configuration: queues, employees' capacity, service norms, templates."""

from django.contrib import admin

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
    list_display = ["title", "provider", "answer_style", "topic", "is_active"]
    list_filter = ["provider", "answer_style", "is_active"]
