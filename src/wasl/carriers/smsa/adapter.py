"""The SMSA adapter: generic envelope and signature, SMSA's code table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from wasl.carriers.base import CarrierAdapter
from wasl.carriers.generic.adapter import WaslSignedAdapter
from wasl.carriers.smsa import mapper
from wasl.shipping.types import TrackingUpdate


class SmsaAdapter(WaslSignedAdapter):
    name = mapper.NAME

    def parse(self, body: bytes, headers: Mapping[str, str]) -> list[TrackingUpdate]:
        return mapper.parse(body)

    def map_status(self, code: str, text: str = "") -> tuple[str, str]:
        return mapper.map_status(code, text)


if TYPE_CHECKING:
    _conforms: CarrierAdapter = SmsaAdapter()
