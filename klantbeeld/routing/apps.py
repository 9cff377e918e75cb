from django.apps import AppConfig


class RoutingConfig(AppConfig):
    """Queues, work items, assignment and SLA timers: the unified inbox's domain (issue 5)."""

    name = "klantbeeld.routing"
    label = "routing"
    verbose_name = "Werkverdeling"
