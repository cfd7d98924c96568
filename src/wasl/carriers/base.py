"""What every carrier adapter is, and the small helpers they share.

An adapter turns one inbound webhook body into plain `TrackingUpdate` values. It never touches the
database: the webhooks app verifies, stores and enqueues; the shipping app folds the updates.

Conventions every adapter keeps (and the tests check):
- header names are matched case-insensitively (`header()`);
- signatures are checked on the raw body with a constant-time comparison, and an empty secret never
  verifies anything;
- every update has a non-empty `dedupe_key` (the carrier's event id, else `content_key`), an aware
  `occurred_at` in UTC, `source` set to the adapter's name and `raw_code` / `raw_text` as received;
- a time without a zone is read in the adapter's `naive_timezone`, UTC unless the carrier documents
  another zone (Delhivery: India Standard Time);
- a malformed body raises `AdapterError(code, message)` with a stable code: `invalid_json`,
  `invalid_payload`, `missing_field`, `invalid_field`, `invalid_time`, ...
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any, Protocol, runtime_checkable

from wasl.carriers.ndr_text import classify_ndr_text
from wasl.shipping.types import AdapterError, TrackingUpdate

__all__ = [
    "NEUTRAL_STATUS",
    "CarrierAdapter",
    "classify_ndr_text",
    "constant_time_equals",
    "finish",
    "header",
    "hmac_sha256",
    "json_object",
    "load_json",
    "parse_time",
    "text_field",
    "verify_base64_hmac",
    "verify_hex_hmac",
]

# A status that the fold never moves back to: events that carry no movement (an SMS sent, an unknown
# code) are mapped here so that they land on the timeline without changing where the shipment is.
NEUTRAL_STATUS = "created"


@runtime_checkable
class CarrierAdapter(Protocol):
    """One source of tracking webhooks."""

    name: str  # slug used in webhook URLs /webhooks/<name>/<store-slug>/ and stored on shipments
    signature_header: str  # header carrying the signature, "" when the source signs nothing

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        """Whether `body` was sent by the source; constant-time, on the raw body."""
        ...

    def parse(self, body: bytes, headers: Mapping[str, str]) -> list[TrackingUpdate]:
        """The updates in `body`; raises AdapterError(code, message) on malformed input."""
        ...

    def map_status(self, code: str, text: str = "") -> tuple[str, str]:
        """(ShipmentStatus value, NdrReason value or "") for one of the source's codes."""
        ...


def header(headers: Mapping[str, str], name: str) -> str:
    """The value of header `name`, matched case-insensitively; "" when absent."""
    value = headers.get(name)
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == wanted), None)
    return value.strip() if isinstance(value, str) else ""


def hmac_sha256(secret: str, body: bytes) -> bytes:
    return hmac.new(secret.encode(), body, hashlib.sha256).digest()


def constant_time_equals(left: str, right: str) -> bool:
    """Compare two ASCII strings in constant time; anything non-ASCII is simply unequal."""
    try:
        return hmac.compare_digest(left.encode("ascii"), right.encode("ascii"))
    except UnicodeEncodeError:
        return False


def verify_hex_hmac(body: bytes, provided: str, secret: str, *, prefix: str = "") -> bool:
    """`provided` == prefix + hex(HMAC-SHA256(secret, body)); hex digits compare case-insensitively."""
    if not secret or not provided.startswith(prefix):
        return False
    expected = hmac_sha256(secret, body).hex()
    return constant_time_equals(provided[len(prefix) :].strip().lower(), expected)


def verify_base64_hmac(body: bytes, provided: str, secret: str) -> bool:
    """`provided` == base64(HMAC-SHA256(secret, body))."""
    if not secret or not provided:
        return False
    expected = base64.b64encode(hmac_sha256(secret, body)).decode()
    return constant_time_equals(provided, expected)


def load_json(body: bytes) -> Any:
    """Decode a UTF-8 JSON body or raise `invalid_json`."""
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise AdapterError("invalid_json", f"body is not UTF-8: {exc.reason} at byte {exc.start}") from exc
    except json.JSONDecodeError as exc:
        raise AdapterError("invalid_json", f"body is not JSON: {exc.msg} (line {exc.lineno})") from exc


def parse_time(
    value: Any, *, field: str, naive_timezone: tzinfo | None = UTC, require_offset: bool = False
) -> datetime:
    """An ISO-8601 timestamp as an aware UTC datetime.

    A value without an offset is read in `naive_timezone` (UTC unless the carrier documents otherwise),
    or rejected when `require_offset` is set. Raises `invalid_time` naming `field`.
    """
    if not isinstance(value, str) or not value.strip():
        raise AdapterError("invalid_time", f"{field}: expected an ISO-8601 timestamp, got {value!r}")
    text = value.strip()
    if " " in text and "T" not in text:
        text = text.replace(" ", "T", 1)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise AdapterError("invalid_time", f"{field}: not an ISO-8601 timestamp: {value!r}") from exc
    if moment.tzinfo is None:
        if require_offset or naive_timezone is None:
            raise AdapterError("invalid_time", f"{field}: timestamp needs a UTC offset: {value!r}")
        moment = moment.replace(tzinfo=naive_timezone)
    return moment.astimezone(UTC)


def finish(update: TrackingUpdate) -> TrackingUpdate:
    """Give an update its content key when the carrier sent no event id."""
    return update.with_key()


def text_field(
    container: Mapping[str, Any], key: str, *, where: str, required: bool = False, allow_int: bool = False
) -> str:
    """A string field of a JSON object; `missing_field` / `invalid_field` name `<where><key>`.

    null counts as absent. `allow_int` accepts numbers for ids that some carriers send unquoted.
    """
    value = container.get(key)
    if value is None:
        if required:
            raise AdapterError("missing_field", f"{where}{key}: required")
        return ""
    accepted = (str, int) if allow_int else (str,)
    if isinstance(value, bool) or not isinstance(value, accepted):
        raise AdapterError("invalid_field", f"{where}{key}: expected a string, got {type(value).__name__}")
    text = str(value).strip()
    if required and not text:
        raise AdapterError("missing_field", f"{where}{key}: must not be empty")
    return text


def json_object(value: Any, *, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise AdapterError("invalid_payload", f"{where or 'body'}: expected a JSON object")
    return value
