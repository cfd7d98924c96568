"""SMS through a Twilio-compatible HTTP API: sending (`client`), webhooks (`webhook`), plain-text rendering (`text`)."""

from wasl.messaging.channels.sms.client import SmsChannel
from wasl.messaging.channels.sms.text import numbered_choice, render_text
from wasl.messaging.channels.sms.webhook import (
    SIGNATURE_HEADER,
    compute_signature,
    is_valid_signature,
    parse_inbound,
    parse_status,
)

__all__ = [
    "SIGNATURE_HEADER",
    "SmsChannel",
    "compute_signature",
    "is_valid_signature",
    "numbered_choice",
    "parse_inbound",
    "parse_status",
    "render_text",
]
