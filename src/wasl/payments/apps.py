from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "wasl.payments"
    label = "payments"
    verbose_name = "Payments"
