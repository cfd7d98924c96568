"""Errors that reach a client: each has a stable code, a human message and an HTTP status."""

from __future__ import annotations

from typing import Any


class WaslError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        return body


class NotFound(WaslError):
    status = 404
    code = "not_found"


class Invalid(WaslError):
    status = 400
    code = "invalid"


class Conflict(WaslError):
    status = 409
    code = "conflict"


class Unauthorized(WaslError):
    status = 401
    code = "unauthorized"
