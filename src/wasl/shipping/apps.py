from django.apps import AppConfig


class ShippingConfig(AppConfig):
    name = "wasl.shipping"
    label = "shipping"
