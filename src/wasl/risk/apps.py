from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "wasl.risk"
    label = "risk"
    verbose_name = "RTO risk"

    def ready(self) -> None:
        # The verification flows' buttons and awaited answers, handed to messaging.flows once.
        from wasl.risk.flows import register

        register()
