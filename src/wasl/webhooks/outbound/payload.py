"""The JSON body a receiver gets: the same bytes are signed and sent, on every attempt."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder

from wasl.webhooks.models import OutboundEvent


def event_document(event: OutboundEvent) -> dict[str, object]:
    return {
        "id": str(event.uuid),
        "type": event.event_type,
        "created_at": event.created_at.isoformat(),
        "store": event.store.slug,
        "data": event.payload,
    }


def event_body(event: OutboundEvent) -> bytes:
    # Compact and UTF-8 (Arabic names stay readable); receivers must verify these exact bytes.
    return json.dumps(
        event_document(event), cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).encode()
