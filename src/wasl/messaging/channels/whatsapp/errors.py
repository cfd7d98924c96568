"""What a refused Cloud API send means for Wasl: one Graph error (or HTTP status) to one failure kind.

The Graph API answers a refused request with an HTTP status and, usually, a body
`{"error": {"code": 131047, "message": "...", "error_data": {"details": "..."}, "is_transient": ...}}`.
Meta asks clients to decide on `code`, not on the HTTP status, so the code wins whenever there is one;
the status only decides for bodies that carry no readable code (a proxy's HTML page, an empty 502).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from wasl.messaging.channels.types import (
    MARKETING_LIMIT,
    NOT_ON_CHANNEL,
    OUTSIDE_WINDOW,
    PERMANENT,
    RATE_LIMITED,
    TEMPORARY,
    ProviderError,
)

# Graph codes by the kind they mean. Sources: Meta's Cloud API error-code table as quoted by providers.
KIND_BY_CODE: dict[int, str] = {
    131026: NOT_ON_CHANNEL,  # message undeliverable: not on WhatsApp, old app, terms not accepted
    131047: OUTSIDE_WINDOW,  # re-engagement: more than 24 h since the buyer last wrote; send a template
    131049: MARKETING_LIMIT,  # Meta chose not to deliver (per-user marketing limit)
    131050: MARKETING_LIMIT,  # the buyer stopped marketing messages from this business
    4: RATE_LIMITED,  # application call rate limit
    80007: RATE_LIMITED,  # WhatsApp Business Account rate limit
    130429: RATE_LIMITED,  # Cloud API throughput reached
    131056: RATE_LIMITED,  # too many messages to the same buyer in a short time
    2: TEMPORARY,  # API service: downtime or overload
    133004: TEMPORARY,  # server temporarily unavailable
}

MESSAGE_LIMIT = 500  # a Graph message is short; a proxy's error page is not


@dataclass(frozen=True, slots=True)
class GraphError:
    """The readable part of a Graph error body; `code` is None when the body had none."""

    code: int | None
    message: str
    details: str = ""
    is_transient: bool = False


def read_graph_error(body: bytes) -> GraphError:
    """The `error` object of a Graph error body, or an empty GraphError for anything else."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return GraphError(code=None, message=_snippet(body))
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        return GraphError(code=None, message=_snippet(body))
    code = _int_or_none(error.get("code"))
    message = error.get("message")
    error_data = error.get("error_data")
    details = error_data.get("details") if isinstance(error_data, dict) else None
    return GraphError(
        code=code,
        message=message[:MESSAGE_LIMIT] if isinstance(message, str) else "",
        details=details[:MESSAGE_LIMIT] if isinstance(details, str) else "",
        is_transient=error.get("is_transient") is True,
    )


def provider_error(status: int, error: GraphError) -> ProviderError:
    """The ProviderError for a refused send; `code` is the Graph code, else `http_<status>`."""
    code = str(error.code) if error.code is not None else f"http_{status}"
    message = error.message or f"the Graph API answered HTTP {status}"
    if error.details and error.details not in message:
        message = f"{message}: {error.details}"
    return ProviderError(_kind(status, error), code, message)


def _kind(status: int, error: GraphError) -> str:
    if error.code in KIND_BY_CODE:
        return KIND_BY_CODE[error.code]
    if status == 429:
        return RATE_LIMITED
    if status >= 500 or error.is_transient:
        return TEMPORARY
    return PERMANENT


def _int_or_none(value: object) -> int | None:
    """Graph codes are integers; some proxies quote them."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def _snippet(body: bytes) -> str:
    return body[:MESSAGE_LIMIT].decode("utf-8", errors="replace").strip()
