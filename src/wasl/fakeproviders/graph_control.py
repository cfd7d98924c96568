"""The stand-in's control endpoints under /_control/graph/, for a stand-in running in another process.

Answers are JSON; a bad request gets 400 with `{"code": ..., "message": ...}`, never a crash.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import httpx

from wasl.fakeproviders.graph_errors import GraphAnswer

if TYPE_CHECKING:
    from wasl.fakeproviders.graph import GraphStandIn

REPLY_FIELDS = frozenset(
    {
        "webhook_url",
        "app_secret",
        "phone_number_id",
        "from_phone",
        "text",
        "button_id",
        "button_title",
        "location",
        "context_id",
    }
)
STATUSES_FIELDS = frozenset({"webhook_url", "app_secret", "wamid", "recipient", "sequence", "error_code"})


def control_answer(stand_in: GraphStandIn, method: str, action: str, raw: bytes) -> GraphAnswer:
    route = (method, action.strip("/"))
    if route == ("GET", "sent"):
        return _json(200, stand_in.sent())
    if route == ("POST", "reset"):
        stand_in.reset()
        return _json(200, {"status": "reset"})
    if route not in {("POST", "fail"), ("POST", "reply"), ("POST", "statuses")}:
        return _problem(404, "unknown_control", f"no control endpoint {method} {action!r}")
    try:
        arguments = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _problem(400, "invalid_json", f"body is not JSON: {exc}")
    if not isinstance(arguments, dict):
        return _problem(400, "invalid_payload", "body must be a JSON object")
    try:
        if route[1] == "fail":
            stand_in.fail_next(arguments.get("count", 1), str(arguments.get("kind", "")))
            return _json(200, {"pending": stand_in.pending_failures()})
        if route[1] == "reply":
            response = stand_in.reply(**_only(arguments, REPLY_FIELDS))
            return _json(200, {"webhook_status": response.status_code})
        responses = stand_in.statuses(**_only(arguments, STATUSES_FIELDS))
        return _json(200, {"webhook_statuses": [r.status_code for r in responses]})
    except (TypeError, ValueError) as exc:
        return _problem(400, "invalid_arguments", str(exc))
    except httpx.HTTPError as exc:
        return _problem(502, "webhook_unreachable", f"could not post the webhook: {exc}")


def _only(arguments: dict[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = sorted(set(arguments) - allowed)
    if unknown:
        raise ValueError(f"unknown fields: {', '.join(unknown)}")
    if isinstance(arguments.get("sequence"), list):
        arguments = {**arguments, "sequence": tuple(arguments["sequence"])}
    return arguments


def _json(status: int, payload: Any) -> GraphAnswer:
    return GraphAnswer(status=status, body=json.dumps(payload).encode())


def _problem(status: int, code: str, message: str) -> GraphAnswer:
    return _json(status, {"code": code, "message": message})
