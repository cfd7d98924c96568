"""Twilio's webhooks: request validation, incoming SMS and delivery status callbacks.

Twilio signs each webhook with `X-Twilio-Signature`: the base64 HMAC-SHA1, keyed with the account's auth token,
of the full URL it called followed by every POST parameter as name + value, sorted by name (and by value for a
repeated name). Its own helper libraries also accept the URL with the default port added or removed, because
Twilio's side is not consistent about it; so do we.
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from hashlib import sha1
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from wasl.core.errors import Invalid
from wasl.core.phones import to_e164
from wasl.core.text import db_text
from wasl.messaging.channels.types import (
    NOT_ON_CHANNEL,
    PERMANENT,
    TEMPORARY,
    InboundMessage,
    StatusUpdate,
)

SIGNATURE_HEADER = "X-Twilio-Signature"
CHANNEL = "sms"

# Twilio's message statuses on our scale (types.STATUS_ORDER); "failed" is final.
STATUS_MAP = {
    "accepted": "accepted",
    "scheduled": "accepted",
    "queued": "accepted",
    "sending": "sent",
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "undelivered": "failed",
    "failed": "failed",
    "canceled": "failed",
}

# Delivery errors a status callback carries in ErrorCode: what they mean for the next attempt, and a title.
DELIVERY_ERRORS: dict[str, tuple[str, str]] = {
    "21610": (PERMANENT, "Recipient unsubscribed (replied STOP)"),
    "30003": (TEMPORARY, "Unreachable destination handset"),
    "30004": (PERMANENT, "Message blocked"),
    "30005": (NOT_ON_CHANNEL, "Unknown destination handset"),
    "30006": (NOT_ON_CHANNEL, "Landline or unreachable carrier"),
    "30007": (PERMANENT, "Message filtered by the carrier"),
    "30008": (TEMPORARY, "Unknown error"),
}

FormParams = Mapping[str, str] | Iterable[tuple[str, str]]


def _pairs(params: FormParams) -> list[tuple[str, str]]:
    """Every (name, value), keeping repeated names (Django's QueryDict keeps them in `lists()`)."""
    lists = getattr(params, "lists", None)
    if callable(lists):
        return [(name, value) for name, values in lists() for value in values]
    if isinstance(params, Mapping):
        return list(params.items())
    return list(params)


def compute_signature(url: str, params: FormParams, auth_token: str) -> str:
    signed = url + "".join(name + value for name, value in sorted(_pairs(params)))
    digest = hmac.new(auth_token.encode(), signed.encode(), sha1).digest()
    return base64.b64encode(digest).decode()


def _url_variants(url: str) -> list[str]:
    """The URL as given, without its port, and with the scheme's default port."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    userinfo = parts.netloc.rpartition("@")[0]
    prefix = f"{userinfo}@" if userinfo else ""
    default_port = 443 if parts.scheme == "https" else 80
    variants = [url]
    for netloc in (f"{prefix}{host}", f"{prefix}{host}:{parts.port or default_port}"):
        variant = urlunsplit(parts._replace(netloc=netloc))
        if variant not in variants:
            variants.append(variant)
    return variants


def is_valid_signature(*, url: str, params: FormParams, signature: str, auth_token: str) -> bool:
    """Whether `signature` (the X-Twilio-Signature header) is Twilio's for this URL and these POST params."""
    if not signature or not auth_token:
        return False
    pairs = _pairs(params)
    expected = signature.strip().encode()
    return any(
        hmac.compare_digest(compute_signature(variant, pairs, auth_token).encode(), expected)
        for variant in _url_variants(url)
    )


def _required(form: Mapping[str, Any], *names: str) -> str:
    """The first of `names` present with a value; a clear error when none is."""
    for name in names:
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    raise Invalid(f"the SMS webhook has no {names[0]}", code="sms_webhook_invalid")


def _phone(raw: str) -> str:
    """E.164 when it is a phone number; short codes and sender names stay as they came."""
    return to_e164(raw) or raw


def parse_inbound(form: Mapping[str, Any], *, received_at: datetime | None = None) -> InboundMessage:
    """An incoming SMS. Twilio sends no time of its own, so `received_at` is when we got it (now by default)."""
    sid = _required(form, "MessageSid", "SmsMessageSid", "SmsSid")
    body = form.get("Body")
    text = db_text(body) if isinstance(body, str) else ""
    extra_names = ("AccountSid", "MessagingServiceSid", "NumSegments", "NumMedia", "FromCountry", "FromCity")
    extra = {name: db_text(str(form[name])) for name in extra_names if form.get(name)}
    for index in range(_media_count(form)):
        for name in (f"MediaUrl{index}", f"MediaContentType{index}"):
            if form.get(name):
                extra[name] = db_text(str(form[name]))
    return InboundMessage(
        provider_id=sid,
        channel=CHANNEL,
        from_phone=_phone(_required(form, "From")),
        to_id=_phone(_required(form, "To")),
        received_at=received_at or datetime.now(UTC),
        kind="text" if text.strip() else "other",
        text=text,
        extra=extra,
    )


def _media_count(form: Mapping[str, Any]) -> int:
    raw = form.get("NumMedia")
    return min(int(raw), 10) if isinstance(raw, str) and raw.isdigit() else 0


def parse_status(form: Mapping[str, Any], *, at: datetime | None = None) -> StatusUpdate:
    """A delivery status callback. `at` is when we got it (now by default): Twilio sends no time."""
    sid = _required(form, "MessageSid", "SmsSid")
    twilio_status = _required(form, "MessageStatus", "SmsStatus").lower()
    status = STATUS_MAP.get(twilio_status)
    if status is None:
        raise Invalid(f"unknown SMS status {twilio_status!r}", code="sms_status_unknown")
    error_code = str(form.get("ErrorCode") or "").strip()
    recipient = form.get("To")
    return StatusUpdate(
        provider_id=sid,
        channel=CHANNEL,
        status=status,
        at=at or datetime.now(UTC),
        recipient=_phone(recipient.strip()) if isinstance(recipient, str) else "",
        error_code=error_code,
        error_title=_error_title(twilio_status, error_code),
    )


def _error_title(twilio_status: str, error_code: str) -> str:
    if error_code:
        return DELIVERY_ERRORS.get(error_code, ("", f"Twilio error {error_code}"))[1]
    return "Canceled before sending" if twilio_status == "canceled" else ""


def delivery_failure_kind(error_code: str) -> str:
    """What a failed status' ErrorCode means for the next attempt: a ProviderError kind (PERMANENT if unknown)."""
    return DELIVERY_ERRORS.get(error_code, (PERMANENT, ""))[0]
