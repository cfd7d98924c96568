from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "wasl.orders"
    label = "orders"
