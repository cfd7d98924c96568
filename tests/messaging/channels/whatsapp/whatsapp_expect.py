"""Helpers to write what parse() must give for a realdata WhatsApp webhook case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from wasl.messaging.channels.types import InboundMessage, StatusUpdate

BUYER = "+972987654321"
OUR_NUMBER_ID = "1122334455667"
IDS = {"user_id": "US.13491208655302741918", "parent_user_id": "US.ENT.11815799212886844830"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def message(provider_id: str, when: str, kind: str, **fields: Any) -> InboundMessage:
    """One expected message; by default from the realdata buyer to our realdata number."""
    defaults = {
        "channel": "whatsapp",
        "from_phone": BUYER,
        "to_id": OUR_NUMBER_ID,
        "profile_name": "Test Name",
    }
    given = {"provider_id": provider_id, "received_at": at(when), "kind": kind}
    return InboundMessage(**(defaults | given | fields))


def status(**fields: Any) -> StatusUpdate:
    defaults = {"provider_id": "wamid.xyzxyz", "channel": "whatsapp", "recipient": BUYER}
    return StatusUpdate(**(defaults | fields))


def priced(**fields: Any) -> StatusUpdate:
    return status(pricing_category="service", billable=True, **fields)


@dataclass(frozen=True)
class Expect:
    messages: list[InboundMessage] = field(default_factory=list)
    statuses: list[StatusUpdate] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    preferences: list[tuple[str, str, int]] = field(default_factory=list)  # (phone, value, epoch)


def media(kind: str, when: str, mime: str, media_id: str, **more: Any) -> Expect:
    extra = IDS | more.pop("extra", {}) | {"type": kind, "mime_type": mime, "media_id": media_id}
    return Expect([message("wamid.xyzxyz", when, "other", extra=extra, **more)])


FORWARDED = {"forwarded": "true"}
ACCOUNT_EVENTS = {
    "account_deleted": "ACCOUNT_DELETED",
    "account_restriction": "ACCOUNT_RESTRICTION",
    "account_violation": "ACCOUNT_VIOLATION",
    "ad_account_linked": "AD_ACCOUNT_LINKED",
    "authentication_international_eligibility": "AUTH_INTL_PRICE_ELIGIBILITY_UPDATE",
    "account_disabled": "DISABLED_UPDATE",
    "mm_api_for_wa_terms_of_service": "MM_LITE_TERMS_SIGNED",
    "partner_added": "PARTNER_ADDED",
    "partner_app_installed": "PARTNER_APP_INSTALLED",
    "partner_app_uninstalled": "PARTNER_APP_UNINSTALLED",
    "partner_led_business_verification_status": "PARTNER_CLIENT_CERTIFICATION_STATUS_UPDATE",
    "partner_removed": "PARTNER_REMOVED",
    "partner_removed_wa_app_disconnection": "PARTNER_REMOVED",
    "primary_business_location_set": "BUSINESS_PRIMARY_LOCATION_COUNTRY_UPDATE",
    "pricing_tiering_update": "VOLUME_BASED_PRICING_TIER_UPDATE",
    "account_offboarded": "ACCOUNT_OFFBOARDED",
    "account_reconnected": "ACCOUNT_RECONNECTED",
}
