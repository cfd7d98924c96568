from django.apps import AppConfig


class StoresConfig(AppConfig):
    name = "wasl.stores"
    label = "stores"
