from django.apps import AppConfig


class ShippingConfig(AppConfig):
    name = "wasl.shipping"
    label = "shipping"

    def ready(self) -> None:
        # The failed-delivery flow answers its buttons and awaited answers before the bot does; its tasks
        # module declares a periodic job, so it is imported wherever the app runs.
        from wasl.shipping.ndr import flow, tasks  # noqa: F401

        flow.register()
