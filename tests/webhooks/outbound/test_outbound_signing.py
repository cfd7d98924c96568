"""Signatures on outbound webhooks: exact vectors, and verification that refuses tampering and replays."""

from __future__ import annotations

from wasl.webhooks.outbound.signing import delivery_headers, sign, verify

SECRET = "whsec_test_secret"
T = 1_700_000_000
BODY = b'{"id":"evt_1","type":"order.created"}'
# Worked out independently: printf '%s' "$T.$BODY" | openssl dgst -sha256 -hmac whsec_test_secret
EXPECTED_V1 = "479d263a26872ce2aeda9f217b43b4c9870314fba787aeb383c38d7c7a296e24"


def test_given_a_fixed_secret_time_and_body_when_signed_then_the_header_is_exact() -> None:
    assert sign(secret=SECRET, body=BODY, timestamp=T) == f"t=1700000000,v1={EXPECTED_V1}"


def test_given_a_delivery_when_its_headers_are_built_then_all_are_there_exactly() -> None:
    headers = delivery_headers(
        secret=SECRET, body=BODY, event_id="evt_1", event_type="order.created", attempt=3, timestamp=T
    )
    assert headers == {
        "Content-Type": "application/json",
        "User-Agent": "Wasl-Webhooks/1",
        "Wasl-Signature": f"t=1700000000,v1={EXPECTED_V1}",
        "Wasl-Event-Id": "evt_1",
        "Wasl-Event-Type": "order.created",
        "Wasl-Delivery-Attempt": "3",
    }


def test_given_a_genuine_request_within_tolerance_then_it_verifies() -> None:
    header = sign(secret=SECRET, body=BODY, timestamp=T)
    assert verify(secret=SECRET, body=BODY, header=header, now=T + 300) is True
    assert verify(secret=SECRET, body=BODY, header=header, now=T - 300) is True


def test_given_a_tampered_body_then_verification_fails() -> None:
    header = sign(secret=SECRET, body=BODY, timestamp=T)
    assert verify(secret=SECRET, body=BODY.replace(b"created", b"updated"), header=header, now=T) is False


def test_given_another_secret_then_verification_fails() -> None:
    header = sign(secret=SECRET, body=BODY, timestamp=T)
    assert verify(secret="whsec_other", body=BODY, header=header, now=T) is False


def test_given_a_changed_timestamp_then_verification_fails() -> None:
    forged = f"t={T + 1},v1={EXPECTED_V1}"
    assert verify(secret=SECRET, body=BODY, header=forged, now=T) is False


def test_given_a_timestamp_older_or_newer_than_the_tolerance_then_verification_fails() -> None:
    header = sign(secret=SECRET, body=BODY, timestamp=T)
    assert verify(secret=SECRET, body=BODY, header=header, now=T + 301) is False
    assert verify(secret=SECRET, body=BODY, header=header, now=T - 301) is False
    assert verify(secret=SECRET, body=BODY, header=header, now=T + 3600, tolerance_s=3600) is True


def test_given_malformed_headers_then_verification_fails() -> None:
    for header in ["", "v1=" + EXPECTED_V1, f"t=abc,v1={EXPECTED_V1}", f"t={T}", f"t={T},v0={EXPECTED_V1}"]:
        assert verify(secret=SECRET, body=BODY, header=header, now=T) is False, header


def test_given_several_v1_signatures_when_one_matches_then_it_verifies() -> None:
    # What a receiver sees while a secret is being rotated.
    header = f"t={T},v1={'0' * 64},v1={EXPECTED_V1}"
    assert verify(secret=SECRET, body=BODY, header=header, now=T) is True
