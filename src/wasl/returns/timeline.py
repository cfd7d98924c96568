"""One step of a return, recorded everywhere it must be: the return's timeline, the order's timeline, the
merchant's outbound webhooks and (for steps the buyer cares about) a notification."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from wasl.orders.models import OrderEventKind
from wasl.orders.services import order_event_add
from wasl.returns.models import ReturnEvent, ReturnRequest
from wasl.webhooks.outbound.services import outbound_event_emit

# Steps announced to the merchant's systems, as `return.<step>`.
WEBHOOK_STEPS = frozenset({"created", "approved", "rejected", "received", "inspected", "resolved"})
# Money paid at the first carrier scan is the resolution as far as the merchant and the buyer are concerned:
# it is announced as `resolved` then, and the `resolved` step after inspection finds it announced (same key).
ANNOUNCED_AS = {"settled_early": "resolved"}


def return_summary(ret: ReturnRequest) -> dict[str, Any]:
    """The small, stable description of a return that outbound webhooks carry."""
    return {
        "code": ret.code,
        "order_external_id": ret.order.external_id,
        "state": ret.state,
        "resolution": ret.resolution,
        "outcome": ret.outcome,
        "method": ret.method,
        "currency": ret.currency,
        "resolved_amount": str(ret.resolved_amount) if ret.resolved_amount is not None else None,
        "items": [
            {"sku": i.sku, "quantity": i.quantity, "reason": i.reason, "grade": i.grade}
            for i in ret.items.all()
        ],
    }


def return_step_record(
    ret: ReturnRequest, *, step: str, message: str = "", data: dict[str, Any] | None = None, actor: str = ""
) -> ReturnEvent:
    """Append the step to both timelines; announce it when the merchant subscribes to such steps."""
    now = timezone.now()
    details = data or {}
    event = ReturnEvent.objects.create(
        store_id=ret.store_id,
        return_request=ret,
        kind=step,
        message=message[:500],
        data=details,
        actor=actor[:150],
        occurred_at=now,
    )
    order_event_add(
        order=ret.order,
        kind=OrderEventKind.RETURN,
        message=message[:500],
        data={"return": ret.code, "step": step, **details},
        at=now,
    )
    announced = ANNOUNCED_AS.get(step, step)
    if announced in WEBHOOK_STEPS:
        outbound_event_emit(
            store=ret.store,
            event_type=f"return.{announced}",
            data={**return_summary(ret), "step_data": details},
            idempotency_key=f"return:{ret.pk}:{announced}",
        )
    from wasl.returns.notify import return_step_notify

    return_step_notify(ret, announced)
    return event
