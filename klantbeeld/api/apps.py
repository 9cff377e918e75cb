from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "klantbeeld.api"
    label = "api"
    verbose_name = "Klantinteracties API"
