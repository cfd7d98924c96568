"""The generic-format example and signing recipe in docs/carriers.md really work."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from wasl.carriers.registry import carrier_names, get_carrier_adapter

DOC = Path(__file__).resolve().parents[2] / "docs" / "carriers.md"


def test_the_documented_example_parses_and_signs() -> None:
    text = DOC.read_text(encoding="utf-8")
    (example,) = re.findall(r"```json\n(.*?)```", text, flags=re.DOTALL)
    events = json.loads(example)["events"]
    secret = b"the store webhook secret"
    body = json.dumps({"events": events}, separators=(",", ":")).encode()
    signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    adapter = get_carrier_adapter("generic")
    assert adapter.verify(body, {"X-Wasl-Signature": signature}, secret.decode()) is True
    updates = adapter.parse(body, {})
    assert [(u.status, u.ndr_reason, u.dedupe_key) for u in updates] == [
        ("out_for_delivery", "", "jt-88102-1"),
        ("delivery_failed", "cod_not_ready", "jt-88102-2"),
    ]
    assert updates[1].occurred_at == datetime(2024, 6, 1, 12, 40, tzinfo=UTC)


def test_every_carrier_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in carrier_names():
        assert f"| `{name}` |" in text
