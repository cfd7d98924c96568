from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "wasl.messaging"
    label = "messaging"
    verbose_name = "Messaging"
