from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "klantbeeld.api"
    label = "api"
    verbose_name = "Klantinteracties API"

    def ready(self) -> None:
        # The schema annotations attach to the viewsets when the app is loaded.
        from klantbeeld.api import schema  # noqa: F401
