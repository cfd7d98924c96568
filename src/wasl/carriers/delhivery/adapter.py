"""The Delhivery adapter.

Delhivery does not sign its scan push. It sends the headers the client asked for in its Webhook
Requirement Document; Wasl asks for `Authorization: Bearer <webhook secret>` and checks that token in
constant time. The body itself carries no signature, so `verify` does not depend on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from wasl.carriers.base import CarrierAdapter, constant_time_equals, header
from wasl.carriers.delhivery import mapper
from wasl.shipping.types import TrackingUpdate

BEARER = "Bearer "


class DelhiveryAdapter:
    name = mapper.NAME
    signature_header = "Authorization"

    def verify(self, body: bytes, headers: Mapping[str, str], secret: str) -> bool:
        provided = header(headers, self.signature_header)
        if not secret or provided[: len(BEARER)].lower() != BEARER.lower():
            return False
        return constant_time_equals(provided[len(BEARER) :].strip(), secret)

    def parse(self, body: bytes, headers: Mapping[str, str]) -> list[TrackingUpdate]:
        return mapper.parse(body)

    def map_status(self, code: str, text: str = "") -> tuple[str, str]:
        return mapper.map_status(code, text)


if TYPE_CHECKING:
    _conforms: CarrierAdapter = DelhiveryAdapter()
