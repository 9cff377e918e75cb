from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    """Channel adapters and the inbound path every message takes (issue 5; CH-01..CH-10).

    The label is ``klantkanalen``: ``channels`` is Django Channels' own label."""

    name = "klantbeeld.channels"
    label = "klantkanalen"
    verbose_name = "Kanalen"

    def ready(self) -> None:
        from klantbeeld.channels import adapters

        adapters.adapters_load()
