"""Sending one e-mail through a store's own SMTP server (each store has its own, so no global EMAIL_* setting)."""

from __future__ import annotations

import hashlib
import re
import smtplib
from email.utils import make_msgid, parseaddr

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend
from django.core.validators import validate_email

from wasl.messaging.channels.email.errors import provider_error
from wasl.messaging.channels.email.render import render
from wasl.messaging.channels.types import (
    NOT_ON_CHANNEL,
    PERMANENT,
    TEMPORARY,
    OutgoingMessage,
    ProviderError,
    SendResult,
)

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


def _domain(address: str) -> str:
    domain = parseaddr(address)[1].rpartition("@")[2].strip().lower()
    try:
        return domain.encode("idna").decode("ascii") if domain else "localhost"
    except UnicodeError:
        return "localhost"


def message_id_for(message: OutgoingMessage, from_address: str) -> str:
    """Every retry of one message carries the same Message-ID, so receiving servers can tell it is one mail."""
    if not message.idempotency_key:
        return make_msgid(domain=_domain(from_address))
    digest = hashlib.sha256(f"{message.idempotency_key}\x00{message.to}".encode()).hexdigest()[:32]
    return f"<{digest}.wasl@{_domain(from_address)}>"


class EmailChannel:
    """One store's SMTP account. A connection is opened for each send and closed after it."""

    name = "email"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        username: str = "",
        password: str = "",
        use_tls: bool = False,
        use_ssl: bool = False,
        from_address: str,
        timeout_s: float = 10.0,
    ) -> None:
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.use_tls, self.use_ssl = use_tls, use_ssl
        self.from_address = from_address
        self.timeout_s = timeout_s

    def send(self, message: OutgoingMessage) -> SendResult:
        """Send `message` as a plain-text e-mail with an HTML alternative. Raises ProviderError on failure."""
        if self.use_tls and self.use_ssl:
            raise ProviderError(
                PERMANENT, "config", "use_tls (STARTTLS) and use_ssl (implicit TLS) exclude each other"
            )
        try:
            validate_email(message.to)
        except ValidationError as error:
            raise ProviderError(
                NOT_ON_CHANNEL, "invalid_address", f"{message.to!r} is not an e-mail address"
            ) from error
        email = self._email(message)
        try:
            sent = self._backend().send_messages([email])
        except (smtplib.SMTPException, OSError) as error:
            raise provider_error(error) from error
        except ValueError as error:  # Django refuses a malformed From address before talking to the server
            raise ProviderError(PERMANENT, "config", str(error)) from error
        if sent != 1:
            raise ProviderError(TEMPORARY, "not_sent", "the SMTP connection could not be opened")
        return SendResult(provider_id=email.extra_headers["Message-ID"])

    def _backend(self) -> EmailBackend:
        return EmailBackend(
            host=self.host,
            port=self.port,
            username=self.username,
            password=self.password,
            use_tls=self.use_tls,
            use_ssl=self.use_ssl,
            timeout=self.timeout_s,
            fail_silently=False,
        )

    def _email(self, message: OutgoingMessage) -> EmailMultiAlternatives:
        sender = message.sender_id or self.from_address
        rendered = render(message)
        headers = {
            "Message-ID": message_id_for(message, sender),
            # RFC 3834: out-of-office robots should not answer a notification.
            "Auto-Submitted": "auto-generated",
        }
        if _LANGUAGE_TAG.match(message.language):
            headers["Content-Language"] = message.language
        email = EmailMultiAlternatives(
            subject=rendered.subject, body=rendered.text, from_email=sender, to=[message.to], headers=headers
        )
        email.attach_alternative(rendered.html, "text/html")
        return email
