from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wasl.core"
    label = "wasl_core"
