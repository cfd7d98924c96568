"""WhatsApp Cloud API webhooks: the signature, the subscription handshake, and a defensive reading.

Meta posts `{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": ..., "value": ...}]}]}`,
possibly with several entries, changes, messages and statuses in one body, and in more than one
generation (phone numbers only; then business-scoped user ids beside or instead of them). `parse` only
refuses a body that is not a WhatsApp webhook at all; inside one, whatever it cannot use is listed in
`ignored` with the reason, and everything else is still read. The raw body is kept by the caller, so
nothing listed there is lost.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from wasl.messaging.channels.types import InboundMessage, MarketingPreference, StatusUpdate
from wasl.messaging.channels.whatsapp.inbound import Contacts, read_message, read_preference, read_status
from wasl.shipping.types import AdapterError

SIGNATURE_PREFIX = "sha256="
WHATSAPP_OBJECT = "whatsapp_business_account"


@dataclass(slots=True)
class WebhookContent:
    """What one webhook body holds that Wasl acts on, and what it passed over (as `field:detail` notes)."""

    messages: list[InboundMessage] = field(default_factory=list)
    statuses: list[StatusUpdate] = field(default_factory=list)
    preferences: list[MarketingPreference] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def verify_signature(body: bytes, header_value: str, app_secret: str) -> bool:
    """Whether `X-Hub-Signature-256: sha256=<hex>` is HMAC-SHA256 of the raw body under the app secret."""
    if not app_secret or not header_value:
        return False
    provided = header_value.strip()
    if provided[: len(SIGNATURE_PREFIX)].lower() != SIGNATURE_PREFIX:
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    try:
        return hmac.compare_digest(
            provided[len(SIGNATURE_PREFIX) :].lower().encode("ascii"), expected.encode()
        )
    except UnicodeEncodeError:
        return False


def handshake(params: Mapping[str, str], verify_token: str) -> str | None:
    """The challenge to echo for Meta's subscription check, or None (answer 403)."""
    mode, token, challenge = (params.get(f"hub.{key}") for key in ("mode", "verify_token", "challenge"))
    if mode != "subscribe" or not verify_token or not isinstance(token, str) or not challenge:
        return None
    if not hmac.compare_digest(token.encode(), verify_token.encode()):
        return None
    return challenge


def parse(body: bytes) -> WebhookContent:
    """Messages and statuses of a webhook body; AdapterError only when it is no WhatsApp webhook."""
    payload = _load(body)
    entries = payload.get("entry")
    if payload.get("object") != WHATSAPP_OBJECT or not isinstance(entries, list):
        raise AdapterError(
            "not_whatsapp",
            f"expected object {WHATSAPP_OBJECT!r} with a list of entries, got {payload.get('object')!r}",
        )
    content = WebhookContent()
    for entry_index, entry in enumerate(entries):
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            content.ignored.append(f"malformed:entry[{entry_index}] has no list of changes")
            continue
        for change_index, change in enumerate(changes):
            _read_change(change, f"entry[{entry_index}].changes[{change_index}]", content)
    return content


def _load(body: bytes) -> dict[str, Any]:
    try:
        # Decimals keep coordinates exactly as sent.
        payload = json.loads(body.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError as exc:
        raise AdapterError("invalid_json", f"body is not UTF-8: {exc.reason} at byte {exc.start}") from exc
    except json.JSONDecodeError as exc:
        raise AdapterError("invalid_json", f"body is not JSON: {exc.msg} (line {exc.lineno})") from exc
    if not isinstance(payload, dict):
        raise AdapterError("not_whatsapp", "body is not a JSON object")
    return payload


def _read_change(change: Any, where: str, content: WebhookContent) -> None:
    if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
        content.ignored.append(f"malformed:{where} has no value object")
        return
    name, value = change.get("field"), change["value"]
    if name == "user_preferences":
        for index, raw in enumerate(_list(value, "user_preferences", where, content)):
            _collect(read_preference(raw), f"{where}.user_preferences[{index}]", content.preferences, content)
        return
    if name != "messages":
        event = value.get("event")
        content.ignored.append(f"{name}:{event}" if isinstance(event, str) and event else str(name))
        return
    metadata = value.get("metadata")
    to_id = metadata.get("phone_number_id") if isinstance(metadata, dict) else None
    to_id = to_id if isinstance(to_id, str) else ""
    contacts = Contacts(value.get("contacts"))
    for index, message in enumerate(_list(value, "messages", where, content)):
        read = read_message(message, to_id=to_id, contacts=contacts)
        _collect(read, f"{where}.messages[{index}]", content.messages, content)
    for index, status in enumerate(_list(value, "statuses", where, content)):
        update = read_status(status)
        _collect(update, f"{where}.statuses[{index}]", content.statuses, content)
    for error in _list(value, "errors", where, content):
        code = error.get("code") if isinstance(error, dict) else None
        content.ignored.append(f"messages.errors:{code}")


def _list(value: dict[str, Any], key: str, where: str, content: WebhookContent) -> list[Any]:
    items = value.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        content.ignored.append(f"malformed:{where}.{key} is not a list")
        return []
    return items


def _collect(outcome: Any, where: str, into: list[Any], content: WebhookContent) -> None:
    """`outcome` is a parsed item, or a string saying why the item was passed over."""
    if isinstance(outcome, str):
        content.ignored.append(outcome if not outcome.startswith("malformed:") else f"{outcome} at {where}")
    else:
        into.append(outcome)
