"""The generic-format adapter, and the Wasl signature that every adapter reusing the format shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from wasl.carriers.base import CarrierAdapter, header, verify_hex_hmac
from wasl.carriers.generic import mapper
from wasl.shipping.types import TrackingUpdate

SIGNATURE_HEADER = "X-Wasl-Signature"
SIGNATURE_PREFIX = "sha256="


class WaslSignedAdapter:
    """Signed the Wasl way: `X-Wasl-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`."""

    name: str
    signature_header: str = SIGNATURE_HEADER

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        provided = header(headers, self.signature_header)
        return verify_hex_hmac(body, provided, secret, prefix=SIGNATURE_PREFIX)


class GenericAdapter(WaslSignedAdapter):
    name = "generic"

    def parse(self, body: bytes, headers: Mapping[str, str]) -> list[TrackingUpdate]:
        return mapper.parse_generic(body, source=self.name)

    def map_status(self, code: str, text: str = "") -> tuple[str, str]:
        return mapper.map_code(mapper.TABLE, code, text)


if TYPE_CHECKING:
    _conforms: CarrierAdapter = GenericAdapter()
