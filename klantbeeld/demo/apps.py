from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "klantbeeld.demo"
    label = "demo"
    verbose_name = "Demo"
