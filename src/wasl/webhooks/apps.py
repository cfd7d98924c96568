from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "wasl.webhooks"
    label = "webhooks"
