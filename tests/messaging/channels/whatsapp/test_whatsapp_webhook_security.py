"""X-Hub-Signature-256 on the raw body, and the GET subscription handshake."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import pytest

from wasl.messaging.channels.whatsapp.webhook import handshake, verify_signature


@pytest.fixture
def vector(realdata: Path) -> dict[str, str]:
    return json.loads((realdata / "whatsapp/signature_vector.json").read_text())


def test_real_signature_vector_verifies(vector: dict[str, str]) -> None:
    # Given the raw body, header and app secret of a real delivery, when verified, then it is genuine
    body = vector["raw_body"].encode()
    assert verify_signature(body, vector["x_hub_signature_256"], vector["app_secret"]) is True


def test_upper_case_hex_and_surrounding_spaces_verify(vector: dict[str, str]) -> None:
    # Given the same signature written in upper case with spaces around it, then it still verifies
    header = " sha256=" + vector["x_hub_signature_256"].removeprefix("sha256=").upper() + " "
    assert verify_signature(vector["raw_body"].encode(), header, vector["app_secret"]) is True


@pytest.mark.parametrize(
    "change",
    [
        "one byte of the body",
        "re-serialised body",
        "wrong secret",
        "no prefix",
        "sha1 prefix",
        "empty header",
    ],
)
def test_anything_else_does_not_verify(vector: dict[str, str], change: str) -> None:
    # Given the real vector with one thing changed
    body, header, secret = vector["raw_body"].encode(), vector["x_hub_signature_256"], vector["app_secret"]
    if change == "one byte of the body":
        body = body.replace(b"PyWa", b"PyWA", 1)
    elif change == "re-serialised body":  # same JSON, other bytes: the signature is over the raw body
        body = json.dumps(json.loads(body), indent=1).encode()
    elif change == "wrong secret":
        secret = secret[:-1] + "0"
    elif change == "no prefix":
        header = header.removeprefix("sha256=")
    elif change == "sha1 prefix":
        header = "sha1=" + header.removeprefix("sha256=")
    else:
        header = ""
    # When verified, then it is refused
    assert verify_signature(body, header, secret) is False


def test_empty_secret_never_verifies() -> None:
    # Given a body signed with the empty key, when verified against an unset secret, then it is refused
    signature = "sha256=" + hmac.new(b"", b"{}", hashlib.sha256).hexdigest()
    assert verify_signature(b"{}", signature, "") is False


def test_non_ascii_signature_is_refused_not_raised() -> None:
    assert verify_signature(b"{}", "sha256=\u00e9\u00e9", "secret") is False


def test_known_hmac_vector() -> None:
    # Given HMAC-SHA256(key="secret", msg="test") as published for Meta's scheme
    header = "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914"
    assert verify_signature(b"test", header, "secret") is True


def test_handshake_echoes_the_challenge() -> None:
    # Given Meta's GET with the right token, when checked, then the challenge comes back verbatim
    params = {"hub.mode": "subscribe", "hub.verify_token": "tok-1", "hub.challenge": "1158201444"}
    assert handshake(params, "tok-1") == "1158201444"


@pytest.mark.parametrize(
    ("params", "verify_token"),
    [
        ({"hub.mode": "subscribe", "hub.verify_token": "tok-2", "hub.challenge": "9"}, "tok-1"),
        ({"hub.mode": "unsubscribe", "hub.verify_token": "tok-1", "hub.challenge": "9"}, "tok-1"),
        ({"hub.verify_token": "tok-1", "hub.challenge": "9"}, "tok-1"),
        ({"hub.mode": "subscribe", "hub.challenge": "9"}, "tok-1"),
        ({"hub.mode": "subscribe", "hub.verify_token": "tok-1", "hub.challenge": ""}, "tok-1"),
        ({"hub.mode": "subscribe", "hub.verify_token": "tok-1"}, "tok-1"),
        ({"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "9"}, ""),
        ({"hub.mode": "subscribe", "hub.verify_token": "t\u00f6k", "hub.challenge": "9"}, "tok"),
    ],
    ids=[
        "wrong token",
        "wrong mode",
        "no mode",
        "no token",
        "empty challenge",
        "no challenge",
        "unset",
        "non-ascii",
    ],
)
def test_handshake_refuses(params: dict[str, str], verify_token: str) -> None:
    # Given a GET that is not a valid subscription check, when checked, then there is nothing to echo
    assert handshake(params, verify_token) is None
