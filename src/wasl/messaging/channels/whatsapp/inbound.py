"""One `messages[]` or `statuses[]` item of a WhatsApp webhook, read into our own types.

Each reader returns the parsed value, or a short note saying why the item was passed over: a note
starting with "malformed:" for an item that is broken, or "<what>:<which>" for one Wasl does not act on.

A message is kept whenever it has an id, a time and a sender: content that cannot be read (a button
reply without its id, a location without coordinates) still reaches the inbox as kind "other", with
the WhatsApp type in `extra["type"]` and what was wrong in `extra["unreadable"]`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from wasl.messaging.channels.types import InboundMessage, MarketingPreference, StatusUpdate

CHANNEL = "whatsapp"
STATUSES = frozenset({"sent", "delivered", "read", "failed"})
MEDIA_TYPES = frozenset({"image", "video", "document", "audio", "sticker"})
_WA_ID = re.compile(r"\+?([0-9]{6,15})")
_LATEST_EPOCH = 32_503_680_000  # year 3000: anything later is not a timestamp


class Contacts:
    """The `contacts` array of one change, to find who sent a message."""

    def __init__(self, raw: Any) -> None:
        self._all = [c for c in raw if isinstance(c, dict)] if isinstance(raw, list) else []

    def find(self, *, wa_id: str, user_id: str) -> dict[str, Any]:
        """The contact with this phone (digits) or business-scoped user id; {} when none fits."""
        for contact in self._all:
            if (wa_id and contact.get("wa_id") == wa_id) or (user_id and contact.get("user_id") == user_id):
                return contact
        if len(self._all) != 1:
            return {}
        # A change carries the contact of its sender, so a lone contact is the sender's unless its
        # phone or user id says otherwise (a match would have been found above).
        only = self._all[0]
        contradicted = (wa_id and e164(_text(only.get("wa_id")))) or (user_id and _text(only.get("user_id")))
        return {} if contradicted else only


def read_message(raw: Any, *, to_id: str, contacts: Contacts) -> InboundMessage | str:
    if not isinstance(raw, dict):
        return "malformed:message is not an object"
    provider_id = _text(raw.get("id"))
    if not provider_id:
        return "malformed:message without an id"
    received_at = epoch(raw.get("timestamp"))
    if received_at is None:
        return f"malformed:message {provider_id} has no readable timestamp"
    sender_id, sender_user_id = _text(raw.get("from")), _text(raw.get("from_user_id"))
    contact = contacts.find(wa_id=sender_id if e164(sender_id) else "", user_id=sender_user_id)
    from_phone = e164(sender_id) or e164(_text(contact.get("wa_id")))
    identity = _identity(raw, contact)
    if not from_phone and "user_id" not in identity:
        return f"malformed:message {provider_id} names no sender"
    fields = _content(raw)
    fields["extra"] = {**identity, **_context_extra(raw), **_error_extra(raw), **fields.get("extra", {})}
    profile = contact.get("profile")
    return InboundMessage(
        provider_id=provider_id,
        channel=CHANNEL,
        from_phone=from_phone,
        to_id=to_id,
        received_at=received_at,
        replied_to=_text(_dict(raw.get("context")).get("id")),
        profile_name=_text(_dict(profile).get("name")),
        **fields,
    )


def read_status(raw: Any) -> StatusUpdate | str:
    if not isinstance(raw, dict):
        return "malformed:status is not an object"
    provider_id, status = _text(raw.get("id")), _text(raw.get("status")).lower()
    if not provider_id or not status:
        return "malformed:status without an id or a status"
    if status not in STATUSES:
        return f"status:{status}"
    if raw.get("recipient_type") == "group":
        return "status:group"  # Wasl writes to buyers, never to groups
    at = epoch(raw.get("timestamp"))
    if at is None:
        return f"malformed:status {status} of {provider_id} has no readable timestamp"
    errors = raw.get("errors")
    error = _dict(errors[0]) if isinstance(errors, list) and errors else {}
    pricing = _dict(raw.get("pricing"))
    billable = pricing.get("billable")
    return StatusUpdate(
        provider_id=provider_id,
        channel=CHANNEL,
        status=status,
        at=at,
        recipient=e164(_text(raw.get("recipient_id"))),
        error_code=_code(error.get("code")),
        error_title=_text(error.get("title")) or _text(error.get("message")),
        pricing_category=_text(pricing.get("category")),
        billable=billable if isinstance(billable, bool) else None,
    )


def epoch(value: Any) -> datetime | None:
    """A string (or integer) Unix time as an aware UTC datetime."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < _LATEST_EPOCH:
        return None
    return datetime.fromtimestamp(value, UTC)


def e164(wa_id: str) -> str:
    match = _WA_ID.fullmatch(wa_id)
    return f"+{match.group(1)}" if match else ""


def _content(raw: dict[str, Any]) -> dict[str, Any]:
    """kind, text, button and location fields of a message, by its WhatsApp type."""
    kind = _text(raw.get("type"))
    body = _dict(raw.get(kind))
    if kind == "text" and isinstance(body.get("body"), str):
        return {"kind": "text", "text": body["body"], "extra": _referral_extra(raw)}
    if kind == "button" and _text(body.get("payload")):
        return {"kind": "button", "button_id": body["payload"], "button_title": _text(body.get("text"))}
    if kind == "interactive":
        return _interactive(body)
    if kind == "location":
        return _location(body)
    if not kind:
        return _other("unknown", body, unreadable="no type")
    return _other(kind, body, unreadable="no content" if kind in {"text", "button"} else "")


def _interactive(body: dict[str, Any]) -> dict[str, Any]:
    reply_type = _text(body.get("type"))
    reply = _dict(body.get(reply_type))
    if reply_type in {"button_reply", "list_reply"} and _text(reply.get("id")):
        fields: dict[str, Any] = {
            "kind": "button" if reply_type == "button_reply" else "list",
            "button_id": reply["id"],
            "button_title": _text(reply.get("title")),
        }
        if _text(reply.get("description")):
            fields["extra"] = {"description": reply["description"]}
        return fields
    unreadable = (
        "no reply id" if reply_type in {"button_reply", "list_reply"} else "" if reply_type else "no content"
    )
    fields = _other("interactive", body, unreadable=unreadable)
    if reply_type:
        fields["extra"]["interactive_type"] = reply_type
    if reply_type == "nfm_reply" and isinstance(reply.get("response_json"), str):
        fields["extra"]["flow_response_json"] = reply["response_json"]
    return fields


def _location(body: dict[str, Any]) -> dict[str, Any]:
    latitude, longitude = _coordinate(body.get("latitude"), 90), _coordinate(body.get("longitude"), 180)
    if latitude is None or longitude is None:
        return _other("location", body, unreadable="no valid latitude and longitude")
    extra = {f"location_{key}": body[key] for key in ("name", "address", "url") if _text(body.get(key))}
    return {"kind": "location", "latitude": latitude, "longitude": longitude, "extra": extra}


def _other(kind: str, body: dict[str, Any], *, unreadable: str) -> dict[str, Any]:
    extra = {"type": kind}
    if unreadable:
        extra["unreadable"] = unreadable
    text = ""
    if kind in MEDIA_TYPES:
        text = _text(body.get("caption"))
        extra |= {key: body[key] for key in ("mime_type", "filename") if _text(body.get(key))}
        if _text(body.get("id")):
            extra["media_id"] = body["id"]
    elif kind == "reaction":
        extra |= {"reacted_to": _text(body.get("message_id")), "emoji": _text(body.get("emoji"))}
    elif kind == "system":
        text = _text(body.get("body"))
        extra["system_type"] = _text(body.get("type"))
        if e164(_text(body.get("wa_id"))):
            extra["new_phone"] = e164(body["wa_id"])
    elif kind in {"edit", "revoke"}:
        extra["original_message_id"] = _text(body.get("original_message_id"))
    elif kind == "order":
        extra["catalog_id"] = _text(body.get("catalog_id"))
    elif kind == "unsupported" and _text(body.get("type")):
        extra["unsupported_type"] = body["type"]
    return {"kind": "other", "text": text, "extra": extra}


def _identity(raw: dict[str, Any], contact: dict[str, Any]) -> dict[str, str]:
    """The business-scoped ids and username of the newer generation of payloads, when present."""
    found = {
        "user_id": _text(raw.get("from_user_id")) or _text(contact.get("user_id")),
        "parent_user_id": _text(raw.get("from_parent_user_id")) or _text(contact.get("parent_user_id")),
        "username": _text(_dict(contact.get("profile")).get("username")),
    }
    return {key: value for key, value in found.items() if value}


def _context_extra(raw: dict[str, Any]) -> dict[str, str]:
    context = _dict(raw.get("context"))
    if context.get("frequently_forwarded") is True:
        return {"forwarded": "frequently"}
    return {"forwarded": "true"} if context.get("forwarded") is True else {}


def _error_extra(raw: dict[str, Any]) -> dict[str, str]:
    errors = raw.get("errors")
    error = _dict(errors[0]) if isinstance(errors, list) and errors else {}
    if not error:
        return {}
    return {"error_code": _code(error.get("code")), "error_title": _text(error.get("title"))}


def _referral_extra(raw: dict[str, Any]) -> dict[str, str]:
    """Where a buyer came from when the chat started from an ad (click-to-WhatsApp)."""
    referral = _dict(raw.get("referral"))
    keys = {"source_type": "referral_source_type", "source_id": "referral_source_id"}
    keys |= {"source_url": "referral_source_url", "ctwa_clid": "ctwa_clid"}
    return {ours: referral[theirs] for theirs, ours in keys.items() if _text(referral.get(theirs))}


def _coordinate(value: Any, limit: int) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str | float):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() and -limit <= number <= limit else None


def _code(value: Any) -> str:
    return str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


MARKETING_CHOICES = ("stop", "resume", "signup")


def read_preference(raw: Any) -> MarketingPreference | str:
    """One entry of a `user_preferences` change: {"wa_id", "category": "marketing_messages", "value":
    "stop" | "resume" | "signup", "detail", "timestamp"}; a string says why it was passed over."""
    if not isinstance(raw, dict):
        return "malformed:user preference is not an object"
    category, value = _text(raw.get("category")), _text(raw.get("value"))
    if category != "marketing_messages" or value not in MARKETING_CHOICES:
        return f"user_preferences:{category or '?'}:{value or '?'}"
    phone = e164(_text(raw.get("wa_id")))
    at = epoch(raw.get("timestamp"))
    if not phone or at is None:
        return "malformed:user preference without a readable wa_id and timestamp"
    return MarketingPreference(phone=phone, value=value, at=at, detail=_text(raw.get("detail"))[:200])
