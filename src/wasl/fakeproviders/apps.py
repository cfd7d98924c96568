from django.apps import AppConfig


class FakeProvidersConfig(AppConfig):
    """Local stand-ins for outside providers (Meta's Graph API, Twilio) and the command that serves them."""

    name = "wasl.fakeproviders"
    label = "fakeproviders"
    verbose_name = "Provider stand-ins"
