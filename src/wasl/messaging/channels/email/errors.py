"""SMTP failures as ProviderErrors.

Reply codes 4xx are temporary by definition (RFC 5321), and so are connection problems and timeouts. A 5xx
refusal of the recipient's address (550/551/553, or an enhanced status 5.1.x: bad mailbox, bad domain) means
the buyer cannot be reached by e-mail at that address; every other 5xx is permanent.
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl

from wasl.messaging.channels.types import NOT_ON_CHANNEL, PERMANENT, TEMPORARY, ProviderError

_ENHANCED_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_BAD_ADDRESS_REPLIES = frozenset({550, 551, 553})


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _recipient_kind(code: int, text: str) -> str:
    if 400 <= code < 500:
        return TEMPORARY
    enhanced = _ENHANCED_STATUS.search(text)
    if enhanced is not None:
        return NOT_ON_CHANNEL if enhanced.group(2) == "1" else PERMANENT
    return NOT_ON_CHANNEL if code in _BAD_ADDRESS_REPLIES else PERMANENT


def _reply_kind(code: int) -> str:
    return TEMPORARY if 400 <= code < 500 or code < 0 else PERMANENT


def provider_error(error: Exception) -> ProviderError:
    """The ProviderError for an exception raised while talking to the SMTP server."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refusals = list(error.recipients.values())
        code, raw = refusals[0] if refusals else (550, b"recipient refused")
        text = _text(raw)
        return ProviderError(_recipient_kind(code, text), str(code), text)
    if isinstance(error, smtplib.SMTPResponseException):
        # Sender refused, data refused, authentication failed, ...: the reply code decides.
        text = _text(error.smtp_error)
        return ProviderError(_reply_kind(error.smtp_code), str(error.smtp_code), text)
    if isinstance(error, TimeoutError | socket.timeout):
        return ProviderError(TEMPORARY, "timeout", str(error) or "the SMTP server did not answer in time")
    if isinstance(error, ssl.SSLError):
        return ProviderError(PERMANENT, "tls", str(error))
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return ProviderError(TEMPORARY, "connection", str(error) or "the SMTP server hung up")
    if isinstance(error, smtplib.SMTPException):
        # No AUTH or STARTTLS offered, no usable auth method: the store's settings need fixing.
        return ProviderError(PERMANENT, "smtp", str(error))
    if isinstance(error, OSError):
        return ProviderError(TEMPORARY, "connection", str(error) or type(error).__name__)
    return ProviderError(PERMANENT, type(error).__name__, str(error))
