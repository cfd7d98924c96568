"""Signatures on outbound webhooks: HMAC-SHA256 over the timestamp and the raw body.

Header: `Wasl-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, f"{t}.{raw body}")>`. Signing the
timestamp with the body lets a receiver refuse replays of an old request. The module needs nothing from
Django, so a merchant's receiver written in Python can copy it as is.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Wasl-Signature"
EVENT_ID_HEADER = "Wasl-Event-Id"
EVENT_TYPE_HEADER = "Wasl-Event-Type"
ATTEMPT_HEADER = "Wasl-Delivery-Attempt"
SCHEME = "v1"
DEFAULT_TOLERANCE_S = 300


def compute_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def sign(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The value of the Wasl-Signature header for this body."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},{SCHEME}={compute_signature(secret=secret, timestamp=t, body=body)}"


def _parse(header: str) -> tuple[int | None, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == SCHEME and value:
            signatures.append(value)
    return timestamp, signatures


def verify(
    *,
    secret: str,
    body: bytes,
    header: str,
    tolerance_s: int = DEFAULT_TOLERANCE_S,
    now: int | None = None,
) -> bool:
    """True when one of the header's v1 signatures matches and its timestamp is within tolerance_s of now.

    Several v1 values are accepted so that a secret can be rotated without a gap.
    """
    timestamp, signatures = _parse(header)
    if timestamp is None or not signatures:
        return False
    current = int(time.time()) if now is None else now
    if abs(current - timestamp) > tolerance_s:
        return False
    expected = compute_signature(secret=secret, timestamp=timestamp, body=body)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)


def delivery_headers(
    *, secret: str, body: bytes, event_id: str, event_type: str, attempt: int, timestamp: int | None = None
) -> dict[str, str]:
    """Every header of one delivery attempt, the signature included."""
    return {
        "Content-Type": "application/json",
        "User-Agent": "Wasl-Webhooks/1",
        SIGNATURE_HEADER: sign(secret=secret, body=body, timestamp=timestamp),
        EVENT_ID_HEADER: event_id,
        EVENT_TYPE_HEADER: event_type,
        ATTEMPT_HEADER: str(attempt),
    }
