"""What every messaging channel (WhatsApp, SMS, e-mail) takes and gives: plain values, no database behind them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Button:
    id: str  # what comes back when the buyer taps it, e.g. "cod:confirm:1042"
    title: str  # at most 20 characters on WhatsApp


@dataclass(frozen=True, slots=True)
class ListRow:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One logical message. `idempotency_key` is the same for every retry of it, so it is never sent twice.

    kind: "template" (pre-approved, works outside the 24 h window), "text", "buttons" (reply buttons, up to 3),
    "list" (one menu of rows), "location_request" (asks the buyer to share a pin), "email".
    """

    idempotency_key: str
    to: str  # E.164 phone for WhatsApp/SMS, address for e-mail
    kind: str
    language: str = "ar"
    text: str = ""
    header: str = ""
    footer: str = ""
    template_name: str = ""
    template_params: tuple[str, ...] = ()
    buttons: tuple[Button, ...] = ()
    list_button: str = ""
    rows: tuple[ListRow, ...] = ()
    subject: str = ""  # e-mail only
    sender_id: str = ""  # WhatsApp phone number id, SMS sender, or From address


@dataclass(frozen=True, slots=True)
class SendResult:
    provider_id: str  # wamid, SMS sid, Message-ID
    cost: Decimal | None = None
    currency: str = ""


# Failure kinds that decide what happens next.
NOT_ON_CHANNEL = "not_on_channel"  # e.g. WhatsApp 131026: fall back to SMS
OUTSIDE_WINDOW = "outside_window"  # WhatsApp 131047: free text needs an open 24 h window; use a template
RATE_LIMITED = "rate_limited"  # 130429 / HTTP 429: retry later, slower
TEMPORARY = "temporary"  # 5xx, timeouts, connection errors: retry with backoff
PERMANENT = "permanent"  # bad request, unknown template, blocked: do not retry
MARKETING_LIMIT = "marketing_limit"  # 131049 / 131050: the buyer will not get marketing now


class ProviderError(Exception):
    """A send that failed. `code` is the provider's own (e.g. "131047", "429", "timeout")."""

    def __init__(self, kind: str, code: str, message: str) -> None:
        super().__init__(f"{kind} ({code}): {message}")
        self.kind, self.code, self.message = kind, code, message

    @property
    def retryable(self) -> bool:
        return self.kind in (RATE_LIMITED, TEMPORARY)


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """Something the buyer sent us."""

    provider_id: str
    channel: str  # whatsapp | sms
    from_phone: str  # E.164
    to_id: str  # our phone number id / number it was sent to
    received_at: datetime
    kind: str  # text | button | list | location | other
    text: str = ""
    button_id: str = ""
    button_title: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    replied_to: str = ""  # provider id of our message this answers
    profile_name: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """What became of a message we sent: sent, delivered, read or failed."""

    provider_id: str
    channel: str
    status: str
    at: datetime
    recipient: str = ""
    error_code: str = ""
    error_title: str = ""
    pricing_category: str = ""
    billable: bool | None = None


@dataclass(frozen=True, slots=True)
class MarketingPreference:
    """A buyer's choice about the business's marketing messages, made in WhatsApp: "stop", "resume", or
    "signup" (they signed up through the business's sign-up link)."""

    phone: str
    value: str
    at: datetime
    detail: str = ""


STATUS_ORDER = {"accepted": 0, "sent": 1, "delivered": 2, "read": 3}
# "failed" is final for a message except that a later proof of delivery wins: a read receipt means it arrived.
