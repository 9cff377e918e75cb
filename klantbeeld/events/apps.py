from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "klantbeeld.events"
    label = "events"
    verbose_name = "Uitgaande notificaties"
