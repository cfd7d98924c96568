"""HMAC-SHA256 signatures as the shop platforms send them, compared in constant time."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac


def hmac_sha256(body: bytes, secret: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()


def sign_base64(body: bytes, secret: str) -> str:
    """The signature Shopify and WooCommerce send: base64 of the raw digest."""
    return base64.b64encode(hmac_sha256(body, secret)).decode("ascii")


def sign_hex(body: bytes, secret: str) -> str:
    """The signature Salla sends: lowercase hex of the digest."""
    return hmac_sha256(body, secret).hex()


def matches_base64(body: bytes, secret: str, received: str) -> bool:
    if not secret or not received:
        return False
    try:
        claimed = base64.b64decode(received.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    return hmac.compare_digest(hmac_sha256(body, secret), claimed)


def matches_hex(body: bytes, secret: str, received: str) -> bool:
    if not secret or not received:
        return False
    try:
        claimed = bytes.fromhex(received.strip())
    except ValueError:
        return False
    return hmac.compare_digest(hmac_sha256(body, secret), claimed)


def matches_token(secret: str, received: str) -> bool:
    """A shared token sent as is (Salla's "Token" strategy), compared in constant time."""
    if not secret or not received:
        return False
    return hmac.compare_digest(secret.encode("utf-8"), received.strip().encode("utf-8"))
