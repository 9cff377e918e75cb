from django.apps import AppConfig


class AssistantConfig(AppConfig):
    """The digital assistant: knowledge base, triage, conversation and warm handover (issue 6)."""

    name = "klantbeeld.assistant"
    label = "assistant"
    verbose_name = "Digitale assistent"
