"""The AfterShip adapter: `aftership-hmac-sha256` = base64(HMAC-SHA256(webhook secret, raw body))."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from wasl.carriers.aftership import mapper
from wasl.carriers.base import CarrierAdapter, header, verify_base64_hmac
from wasl.shipping.types import TrackingUpdate


class AfterShipAdapter:
    name = mapper.NAME
    signature_header = "aftership-hmac-sha256"

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        return verify_base64_hmac(body, header(headers, self.signature_header), secret)

    def parse(self, body: bytes, headers: Mapping[str, str]) -> list[TrackingUpdate]:
        return mapper.parse(body)

    def map_status(self, code: str, text: str = "") -> tuple[str, str]:
        return mapper.map_status(code, text)


if TYPE_CHECKING:
    _conforms: CarrierAdapter = AfterShipAdapter()
