"""E-mail through a store's own SMTP server: rendering (`render`), sending (`channel`), error mapping (`errors`)."""

from wasl.messaging.channels.email.channel import EmailChannel

__all__ = ["EmailChannel"]
