"""Cloud API webhook bodies towards Wasl: a buyer's message or a message status, signed as Meta signs them.

The bodies have the shape of Meta's `messages` webhooks (one entry, one change, field "messages"), with a
`contacts` array beside the message or status, string epoch timestamps and the phone as digits.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import httpx

from wasl.fakeproviders.graph_errors import status_error

POST_TIMEOUT_S = 10.0
BUYER_PROFILE_NAME = "Buyer"
LocationInput = tuple[float | Decimal | str, float | Decimal | str] | Mapping[str, Any]


def new_wamid() -> str:
    return f"wamid.{uuid.uuid4().hex}"


def digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isascii() and ch.isdigit())


def envelope(
    *, waba_id: str, phone_number_id: str, display_phone_number: str, value: dict[str, Any]
) -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": waba_id,
                "changes": [
                    {
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": display_phone_number,
                                "phone_number_id": phone_number_id,
                            },
                            **value,
                        },
                        "field": "messages",
                    }
                ],
            }
        ],
    }


def contacts(wa_id: str) -> list[dict[str, Any]]:
    return [{"profile": {"name": BUYER_PROFILE_NAME}, "wa_id": wa_id}]


def buyer_message(
    *,
    wa_id: str,
    content: dict[str, Any],
    context: dict[str, str] | None,
    at: float | None = None,
) -> dict[str, Any]:
    """One `messages[]` item from the buyer; `content` holds `type` and the typed object."""
    message: dict[str, Any] = {
        "from": wa_id,
        "id": new_wamid(),
        "timestamp": str(int(at if at is not None else time.time())),
        **content,
    }
    if context:
        message["context"] = context
    return message


def text_content(text: str) -> dict[str, Any]:
    return {"type": "text", "text": {"body": text}}


def button_content(*, button_id: str, title: str, answered_type: str) -> dict[str, Any]:
    """A tap on a button of a message of `answered_type` ("template", "button", "list")."""
    if answered_type == "template":  # a template's quick-reply button comes back as type "button"
        return {"type": "button", "button": {"payload": button_id, "text": title}}
    reply_type = "list_reply" if answered_type == "list" else "button_reply"
    return {
        "type": "interactive",
        "interactive": {"type": reply_type, reply_type: {"id": button_id, "title": title}},
    }


def location_content(location: LocationInput) -> dict[str, Any]:
    if isinstance(location, Mapping):
        fields = {
            key: location[key]
            for key in ("latitude", "longitude", "name", "address", "url")
            if key in location
        }
    else:
        fields = {"latitude": location[0], "longitude": location[1]}
    for key in ("latitude", "longitude"):
        if key not in fields:
            raise ValueError(f"location needs a {key}")
        fields[key] = float(fields[key])  # JSON numbers, as Meta sends them
    return {"type": "location", "location": fields}


def status_items(
    *,
    wamid: str,
    wa_id: str,
    sequence: Sequence[str],
    error_code: int | None,
    category: str,
    callback_data: str = "",
) -> list[dict[str, Any]]:
    """One `statuses[]` item per step, a second apart and ending now; `callback_data` is the send's
    `biz_opaque_callback_data`, which Meta echoes on each of its statuses."""
    if error_code is not None and "failed" not in sequence:
        raise ValueError("error_code is only carried by a 'failed' status; add 'failed' to the sequence")
    now = int(time.time())
    items = []
    for position, status in enumerate(sequence):
        item: dict[str, Any] = {
            "id": wamid,
            "status": status,
            "timestamp": str(now - (len(sequence) - 1 - position)),
            "recipient_id": wa_id,
        }
        if callback_data:
            item["biz_opaque_callback_data"] = callback_data
        if status == "failed":
            item["errors"] = [status_error(error_code if error_code is not None else 131000)]
        else:
            item["pricing"] = {
                "billable": True,
                "pricing_model": "PMP",
                "type": "regular",
                "category": category,
            }
        items.append(item)
    return items


def signature_headers(body: bytes, app_secret: str) -> dict[str, str]:
    sha256 = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    sha1 = hmac.new(app_secret.encode(), body, hashlib.sha1).hexdigest()
    return {
        "Content-Type": "application/json",
        "User-Agent": "facebookexternalua",
        "X-Hub-Signature-256": f"sha256={sha256}",
        "X-Hub-Signature": f"sha1={sha1}",
    }


def post_signed(url: str, payload: dict[str, Any], app_secret: str) -> httpx.Response:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return httpx.post(url, content=body, headers=signature_headers(body, app_secret), timeout=POST_TIMEOUT_S)
