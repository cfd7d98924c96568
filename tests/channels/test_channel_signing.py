"""HMAC-SHA256 signatures in the encodings the platforms use."""

from __future__ import annotations

import pytest

from wasl.channels.signing import matches_base64, matches_hex, matches_token, sign_base64, sign_hex

# The published Shopify test vector (see the Shopify notes of the shared real payloads).
BODY = b'{"id":1234567890,"email":"customer@example.com","total_price":"123.45"}'
SECRET = "test-webhook-secret"
BASE64_SIGNATURE = "QNyObTlKbMx2qDlPF/ZOZcBqg5OgPg+2oky3zldc0Gw="
HEX_SIGNATURE = "40dc8e6d394a6ccc76a8394f17f64e65c06a8393a03e0fb6a24cb7ce575cd06c"


def test_given_the_published_vector_when_signed_then_both_encodings_match_it() -> None:
    assert sign_base64(BODY, SECRET) == BASE64_SIGNATURE
    assert sign_hex(BODY, SECRET) == HEX_SIGNATURE


def test_given_the_right_signature_when_checked_then_it_matches() -> None:
    assert matches_base64(BODY, SECRET, BASE64_SIGNATURE) is True
    assert matches_hex(BODY, SECRET, HEX_SIGNATURE.upper()) is True


@pytest.mark.parametrize(
    ("body", "secret", "received"),
    [
        (BODY + b" ", SECRET, BASE64_SIGNATURE),  # one byte more than was signed
        (BODY, "other-secret", BASE64_SIGNATURE),
        (BODY, "", BASE64_SIGNATURE),  # an unset secret never verifies anything
        (BODY, SECRET, ""),
        (BODY, SECRET, "not base64!"),
        (BODY, SECRET, HEX_SIGNATURE),  # right digest, wrong encoding
    ],
)
def test_given_a_wrong_base64_signature_when_checked_then_it_does_not_match(
    body: bytes, secret: str, received: str
) -> None:
    assert matches_base64(body, secret, received) is False


@pytest.mark.parametrize("received", ["", "zz", BASE64_SIGNATURE, HEX_SIGNATURE[:-2]])
def test_given_a_wrong_hex_signature_when_checked_then_it_does_not_match(received: str) -> None:
    assert matches_hex(BODY, SECRET, received) is False


def test_given_a_token_when_compared_then_only_the_exact_secret_matches() -> None:
    assert matches_token("s3cret", " s3cret ") is True
    assert matches_token("s3cret", "s3cret2") is False
    assert matches_token("", "") is False
