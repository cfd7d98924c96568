"""Signature checks of every adapter: known vectors, wrong signature, missing header, tampered body."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from wasl.carriers.registry import get_carrier_adapter

SECRET = "whsec_7f3a9c"
BODY = b'{"events": [{"tracking_number": "AWB1", "status": "in_transit"}]}'

# RFC 4231 test case 2: HMAC-SHA256(key="Jefe", data="what do ya want for nothing?").
RFC_KEY = "Jefe"
RFC_DATA = b"what do ya want for nothing?"
RFC_HEX = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"

WASL_SIGNED = ["generic", "aramex", "smsa"]


def hex_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def base64_signature(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


@pytest.mark.parametrize("name", WASL_SIGNED)
def test_wasl_signature_matches_the_rfc_4231_vector(name: str) -> None:
    adapter = get_carrier_adapter(name)
    assert adapter.signature_header == "X-Wasl-Signature"
    assert adapter.verify(RFC_DATA, {"X-Wasl-Signature": f"sha256={RFC_HEX}"}, RFC_KEY) is True


@pytest.mark.parametrize("name", WASL_SIGNED)
def test_wasl_signature_accepts_the_computed_value_in_any_header_case(name: str) -> None:
    adapter = get_carrier_adapter(name)
    signature = hex_signature(SECRET, BODY)
    for header_name in ("X-Wasl-Signature", "x-wasl-signature", "X-WASL-SIGNATURE"):
        assert adapter.verify(BODY, {header_name: signature}, SECRET) is True
    assert adapter.verify(BODY, {"X-Wasl-Signature": signature.upper().replace("SHA256=", "sha256=")}, SECRET)


@pytest.mark.parametrize("name", WASL_SIGNED)
def test_wasl_signature_rejects_everything_else(name: str) -> None:
    adapter = get_carrier_adapter(name)
    good = hex_signature(SECRET, BODY)
    wrong_secret = hex_signature("another-secret", BODY)
    assert adapter.verify(BODY, {"X-Wasl-Signature": wrong_secret}, SECRET) is False
    assert adapter.verify(BODY, {}, SECRET) is False
    assert adapter.verify(BODY, {"X-Wasl-Signature": ""}, SECRET) is False
    assert adapter.verify(BODY + b" ", {"X-Wasl-Signature": good}, SECRET) is False
    assert adapter.verify(BODY.replace(b"AWB1", b"AWB2"), {"X-Wasl-Signature": good}, SECRET) is False
    assert adapter.verify(BODY, {"X-Wasl-Signature": good.removeprefix("sha256=")}, SECRET) is False
    assert adapter.verify(BODY, {"X-Wasl-Signature": "sha256=é" + good[8:]}, SECRET) is False
    assert adapter.verify(BODY, {"X-Wasl-Signature": hex_signature("", BODY)}, "") is False


def test_aftership_signature_is_base64_hmac_of_the_raw_body() -> None:
    adapter = get_carrier_adapter("aftership")
    assert adapter.signature_header == "aftership-hmac-sha256"
    rfc_base64 = base64.b64encode(bytes.fromhex(RFC_HEX)).decode()
    assert rfc_base64 == "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
    assert adapter.verify(RFC_DATA, {"aftership-hmac-sha256": rfc_base64}, RFC_KEY) is True
    body = b'{"event":"tracking_update","msg":{"tracking_number":"1Z"}}'
    signature = base64_signature(SECRET, body)
    assert adapter.verify(body, {"Aftership-Hmac-Sha256": signature}, SECRET) is True
    assert adapter.verify(body, {"AFTERSHIP-HMAC-SHA256": signature}, SECRET) is True


def test_aftership_signature_rejects_everything_else() -> None:
    adapter = get_carrier_adapter("aftership")
    body = b'{"event":"tracking_update","msg":{"tracking_number":"1Z"}}'
    good = base64_signature(SECRET, body)
    assert adapter.verify(body, {"aftership-hmac-sha256": base64_signature("other", body)}, SECRET) is False
    assert adapter.verify(body, {}, SECRET) is False
    assert adapter.verify(body.replace(b"1Z", b"2Z"), {"aftership-hmac-sha256": good}, SECRET) is False
    assert adapter.verify(body, {"aftership-hmac-sha256": hex_signature(SECRET, body)}, SECRET) is False
    assert adapter.verify(body, {"aftership-hmac-sha256": base64_signature("", body)}, "") is False


def test_delhivery_checks_the_bearer_token_it_was_asked_to_send() -> None:
    adapter = get_carrier_adapter("delhivery")
    body = b'{"Shipment": {"AWB": "1490000000017"}}'
    assert adapter.signature_header == "Authorization"
    assert adapter.verify(body, {"Authorization": f"Bearer {SECRET}"}, SECRET) is True
    assert adapter.verify(body, {"authorization": f"bearer {SECRET}"}, SECRET) is True
    # Delhivery signs no body: the token is the whole proof, so a changed body still verifies.
    assert adapter.verify(body + b"\n", {"Authorization": f"Bearer {SECRET}"}, SECRET) is True
    assert adapter.verify(body, {"Authorization": "Bearer wrong"}, SECRET) is False
    assert adapter.verify(body, {"Authorization": SECRET}, SECRET) is False
    assert adapter.verify(body, {"Authorization": f"Token {SECRET}"}, SECRET) is False
    assert adapter.verify(body, {}, SECRET) is False
    assert adapter.verify(body, {"Authorization": "Bearer "}, "") is False
