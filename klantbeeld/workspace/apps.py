from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "klantbeeld.workspace"
    label = "workspace"
    verbose_name = "Werkplek"
