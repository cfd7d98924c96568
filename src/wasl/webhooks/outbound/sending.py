"""One HTTP POST to a merchant's endpoint, reduced to what the attempt log keeps. No database here."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

EXCERPT_BYTES = 1024
ERROR_CHARS = 300


@dataclass(frozen=True, slots=True)
class PostResult:
    status_code: int | None
    duration_ms: int
    error: str = ""
    excerpt: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _read_excerpt(response: httpx.Response) -> str:
    # Only the first kilobyte is read: a receiver that answers with a huge page must not cost us its size.
    collected = b""
    for chunk in response.iter_bytes():
        collected += chunk
        if len(collected) >= EXCERPT_BYTES:
            break
    # PostgreSQL text cannot hold NUL characters, and a binary answer may well contain some.
    return collected[:EXCERPT_BYTES].decode("utf-8", errors="replace").replace("\x00", "\ufffd")


def _describe(error: httpx.HTTPError) -> str:
    kind = "timeout" if isinstance(error, httpx.TimeoutException) else "connection error"
    detail = str(error) or type(error).__name__
    return f"{kind}: {detail}"[:ERROR_CHARS]


def post(*, url: str, body: bytes, headers: dict[str, str], timeout_s: float) -> PostResult:
    """Never raises for network trouble: a timeout or a refused connection is a result like a 500."""
    started = time.monotonic()
    try:
        # Redirects are not followed: the signature was made for this URL, and a redirect is a
        # misconfiguration the merchant should see in the attempt log.
        with (
            httpx.Client(timeout=timeout_s, follow_redirects=False) as client,
            client.stream("POST", url, content=body, headers=headers) as response,
        ):
            excerpt = _read_excerpt(response)
            status_code = response.status_code
    except httpx.HTTPError as error:
        return PostResult(status_code=None, duration_ms=_elapsed_ms(started), error=_describe(error))
    return PostResult(status_code=status_code, duration_ms=_elapsed_ms(started), excerpt=excerpt)


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
