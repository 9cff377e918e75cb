from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "klantbeeld.events"
    label = "events"
    verbose_name = "Uitgaande notificaties"

    def ready(self) -> None:
        from klantbeeld.events.receivers import receivers_connect

        receivers_connect()
