"""Graph API error answers, as Meta writes them: the injectable failures and the error titles of statuses."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

# Titles and details as Meta's Cloud API error-code table words them.
ERRORS: dict[int, tuple[str, str]] = {
    1: ("An unknown error has occurred.", "Invalid request or possible server error."),
    2: ("Service temporarily unavailable", "Temporary due to downtime or due to being overloaded."),
    100: ("Invalid parameter", "The request included one or more unsupported or misspelled parameters."),
    190: ("Invalid OAuth access token", "The access token is missing, malformed or not the one configured."),
    130429: (
        "Rate limit hit",
        "Message failed to send because there were too many messages sent from this phone number in a "
        "short period of time",
    ),
    131000: ("Something went wrong", "Message failed to send due to an unknown error."),
    131026: (
        "Message undeliverable",
        "Unable to deliver message. The recipient may not be on WhatsApp, may use an old version of it, "
        "or may not have accepted the latest terms of service.",
    ),
    131047: (
        "Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last replied "
        "to this number.",
    ),
    131049: (
        "This message was not delivered to maintain healthy ecosystem engagement.",
        "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
    ),
    131050: (
        "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages "
        "on WhatsApp from your business.",
        "The recipient stopped marketing messages from this business.",
    ),
}
ERROR_CODES_HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"

# What `fail_next(kind=...)` accepts. "timeout" is answered late rather than wrongly.
FAILURE_KINDS = ("500", "429", "timeout", "131026", "131047", "130429", "131049", "131050")


@dataclass(frozen=True, slots=True)
class GraphAnswer:
    """One HTTP answer of the stand-in."""

    status: int
    body: bytes
    content_type: str = "application/json"


def graph_error(code: int, *, status: int = 400, details: str = "", transient: bool = False) -> GraphAnswer:
    """A Graph error answer: `{"error": {"message": "(#code) title", "code": code, ...}}`."""
    title, default_details = ERRORS.get(code, ("Error", ""))
    error: dict[str, object] = {
        "message": f"(#{code}) {title}",
        "type": "OAuthException",
        "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": details or default_details},
        "fbtrace_id": secrets.token_urlsafe(16),
    }
    if transient:
        error["is_transient"] = True
    return GraphAnswer(status=status, body=json.dumps({"error": error}).encode())


def injected_failure(kind: str) -> GraphAnswer:
    """The answer for an injected failure kind other than "timeout"."""
    if kind == "500":
        return graph_error(1, status=500, transient=True)
    if kind == "429":
        # What a gateway in front of the API answers: a bare status, no Graph body.
        return GraphAnswer(status=429, body=b"Too Many Requests", content_type="text/plain; charset=utf-8")
    return graph_error(int(kind))


def status_error(code: int) -> dict[str, object]:
    """The `errors[0]` object of a failed status webhook for `code`."""
    title, details = ERRORS.get(code, ("Error", ""))
    return {
        "code": code,
        "title": title,
        "message": title,
        "error_data": {"details": details},
        "href": ERROR_CODES_HREF,
    }
