from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "klantbeeld.parties"
    label = "parties"
    verbose_name = "Klanten"
