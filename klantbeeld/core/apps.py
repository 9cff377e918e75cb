from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "klantbeeld.core"
    label = "core"
    verbose_name = "Kern"
