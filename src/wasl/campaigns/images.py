"""Is a campaign's image usable? Asked of the image's own server before anything is sent.

WhatsApp fetches a template's header image itself; one it cannot fetch, or over 5 MB, or not JPEG/PNG,
fails every message of the campaign. A HEAD (then a GET when the server does not answer HEAD, reading
at most the cap) with a short timeout says so in advance, with a stable code.
"""

from __future__ import annotations

import httpx

from wasl.core.errors import Invalid

MAX_BYTES = 5 * 1024 * 1024  # WhatsApp's limit for images
TYPES = ("image/jpeg", "image/png")
TIMEOUT_S = 5.0


def image_check(url: str, *, max_bytes: int = MAX_BYTES, timeout_s: float = TIMEOUT_S) -> int:
    """The image's size in bytes; Invalid `image_unreachable`, `image_too_large` or `image_not_supported`."""
    if not url.startswith(("https://", "http://")):
        raise Invalid("the image must be an http(s) URL", code="image_unreachable")
    try:
        with httpx.Client(timeout=timeout_s, follow_redirects=True, max_redirects=3) as client:
            head = client.head(url)
            if head.status_code in (405, 501) or (head.is_success and "content-length" not in head.headers):
                return _by_get(client, url, max_bytes)
            if not head.is_success:
                raise Invalid(f"the image answered HTTP {head.status_code}", code="image_unreachable")
            _check_type(head.headers.get("content-type", ""))
            size = int(head.headers["content-length"])
            if size > max_bytes:
                raise Invalid(
                    f"the image is {size} bytes; WhatsApp takes at most {max_bytes}", code="image_too_large"
                )
            return size
    except httpx.HTTPError as exc:
        raise Invalid(f"the image could not be fetched: {exc}", code="image_unreachable") from exc
    except ValueError as exc:
        raise Invalid(f"the image's size is unreadable: {exc}", code="image_unreachable") from exc


def _by_get(client: httpx.Client, url: str, max_bytes: int) -> int:
    with client.stream("GET", url) as response:
        if not response.is_success:
            raise Invalid(f"the image answered HTTP {response.status_code}", code="image_unreachable")
        _check_type(response.headers.get("content-type", ""))
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise Invalid(f"the image is over {max_bytes} bytes", code="image_too_large")
        return size


def _check_type(content_type: str) -> None:
    kind = content_type.split(";")[0].strip().lower()
    if kind not in TYPES:
        raise Invalid(
            f"the image is {kind or 'of no stated type'}; WhatsApp takes JPEG or PNG",
            code="image_not_supported",
        )
