"""The return lifecycle: ask, approve or reject, receive, inspect (and restock). Resolution is in `resolve`.

Every step locks the return's row and checks its state first, so a step asked twice (two clicks, a retried
task, a replayed API call) does its work once and answers the return as it stands the second time. Moves
follow TRANSITIONS; every step is written to the return's and the order's timelines (`timeline`).

States: requested -> approved | rejected; approved -> in_transit (first carrier scan) -> received ->
inspected -> resolved; requested, approved and inspected may be closed by staff. A refund or credit issued at
the first carrier scan sets the outcome early; inspection then ends the return as resolved.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.utils import timezone

from wasl.core.errors import Conflict, Invalid, NotFound
from wasl.core.text import db_text
from wasl.orders.models import Order, OrderLine, OrderStatus, StockLevel, Variant
from wasl.orders.services import order_status_set
from wasl.returns.models import (
    Disposition,
    Grade,
    Resolution,
    ReturnItem,
    ReturnMethod,
    ReturnRequest,
    ReturnState,
)
from wasl.returns.policy import PolicyInForce, policy_in_force
from wasl.returns.tiers import tier_for
from wasl.returns.timeline import return_step_record
from wasl.shipping.models import Direction, Shipment
from wasl.shipping.services import shipment_create

S = ReturnState
TRANSITIONS: dict[str, frozenset[str]] = {
    S.REQUESTED: frozenset({S.APPROVED, S.REJECTED, S.CLOSED}),
    S.APPROVED: frozenset({S.IN_TRANSIT, S.RECEIVED, S.CLOSED}),
    S.IN_TRANSIT: frozenset({S.RECEIVED}),
    S.RECEIVED: frozenset({S.INSPECTED}),
    S.INSPECTED: frozenset({S.RESOLVED, S.CLOSED}),
    S.RESOLVED: frozenset(),
    S.REJECTED: frozenset(),
    S.CLOSED: frozenset(),
}
# The order of the journey, to tell "already done" from "not allowed" when a step is asked again.
RANK: dict[str, int] = {
    S.REQUESTED: 0,
    S.APPROVED: 1,
    S.IN_TRANSIT: 2,
    S.RECEIVED: 3,
    S.INSPECTED: 4,
    S.RESOLVED: 5,
}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from a label
CODE_LENGTH = 8
SERIAL_WINDOW = timedelta(days=90)
# Statuses of a reverse shipment that mean a carrier has the parcel.
MAX_ITEMS = 100


@dataclass(frozen=True)
class ItemAsked:
    """One line of the order the buyer sends back."""

    line_id: int
    quantity: int
    reason: str
    comment: str = ""
    exchange_sku: str = ""  # the variant wanted in exchange


@dataclass(frozen=True)
class ItemInspected:
    item_id: int
    grade: str
    disposition: str
    location: str = ""


@dataclass(frozen=True)
class ReturnOutcome:
    ret: ReturnRequest
    created: bool  # False: the idempotency key was seen before; the return is given back as it stands


def _locked(ret: ReturnRequest) -> ReturnRequest:
    return (
        ReturnRequest.objects.select_for_update(of=("self",)).select_related("order", "store").get(pk=ret.pk)
    )


def _done_or_refused(ret: ReturnRequest, target: str) -> bool:
    """True when the return is already at or past `target` (the step is a repeat); raise when it cannot go."""
    if target in TRANSITIONS[ret.state]:
        return False
    if ret.state in RANK and target in RANK and RANK[ret.state] >= RANK[target]:
        return True
    if ret.state == target:
        return True
    raise Conflict(f"a return that is {ret.state} cannot become {target}", code="invalid_transition")


def _move(ret: ReturnRequest, target: str, **fields: object) -> None:
    ret.state = target
    for name, value in fields.items():
        setattr(ret, name, value)
    ret.save(update_fields=["state", "updated_at", *fields])


# --- asking ---


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def delivered_at(order: Order) -> datetime:
    """When the window starts: the forward parcel's delivery, else (delivered without a scan) the order's date."""
    found = Shipment.objects.filter(order=order, direction=Direction.FORWARD).aggregate(
        at=Max("delivered_at")
    )
    return found["at"] or order.placed_at


def returned_so_far(order: Order) -> dict[int, int]:
    """Quantities per order line already in returns that were not rejected or closed."""
    rows = (
        ReturnItem.objects.filter(return_request__order=order, order_line__isnull=False)
        .exclude(return_request__state__in=(S.REJECTED, S.CLOSED))
        .values("order_line_id")
        .annotate(n=Sum("quantity"))
    )
    return {row["order_line_id"]: row["n"] for row in rows}


def _check_items(
    order: Order, asked: Sequence[ItemAsked], policy: PolicyInForce, tier: str, resolution: str, now: datetime
) -> list[tuple[OrderLine, ItemAsked, Variant | None]]:
    if not asked:
        raise Invalid("a return needs at least one item", code="no_items")
    if len(asked) > MAX_ITEMS:
        raise Invalid(f"at most {MAX_ITEMS} items per return", code="too_many_items")
    lines = {line.pk: line for line in OrderLine.objects.filter(order=order).select_related("variant")}
    already = returned_so_far(order)
    wanted: dict[int, int] = defaultdict(int)
    since = delivered_at(order)
    checked = []
    for item in asked:
        line = lines.get(item.line_id)
        if line is None:
            raise Invalid(f"line {item.line_id} is not a line of this order", code="unknown_line")
        if item.quantity < 1:
            raise Invalid("each item's quantity must be at least 1", code="invalid_quantity")
        if not policy.is_returnable(line.category):
            raise Invalid(f"{line.category!r} items cannot be returned", code="not_returnable")
        window = policy.window_days(tier=tier, category=line.category)
        if now > since + timedelta(days=window):
            raise Invalid(
                f"the return window for {line.sku or line.name} ({window} days) has closed",
                code="return_window_closed",
            )
        if item.reason not in policy.reasons_for(line.category):
            known = ", ".join(policy.reasons_for(line.category))
            raise Invalid(f"reason {item.reason!r} is not one of: {known}", code="invalid_reason")
        wanted[line.pk] += item.quantity
        left = line.quantity - already.get(line.pk, 0)
        if wanted[line.pk] > left:
            raise Invalid(
                f"at most {left} of {line.sku or line.name} can still be returned", code="quantity_exceeds"
            )
        checked.append((line, item, _exchange_variant(order, line, item, resolution)))
    return checked


def _exchange_variant(order: Order, line: OrderLine, item: ItemAsked, resolution: str) -> Variant | None:
    if resolution not in (Resolution.EXCHANGE_VARIANT, Resolution.EXCHANGE_PRODUCT):
        return None
    sku = item.exchange_sku.strip()
    if not sku:
        raise Invalid("an exchange names the SKU wanted for each item", code="missing_exchange_sku")
    variant = Variant.objects.filter(store_id=order.store_id, sku=sku).first()
    if variant is None:
        raise Invalid(f"no variant {sku!r} in this store", code="unknown_variant")
    same_product = line.variant is not None and line.variant.product_id == variant.product_id
    if resolution == Resolution.EXCHANGE_VARIANT and not same_product:
        raise Invalid(f"{sku} is not a variant of the product returned", code="invalid_exchange")
    in_stock = StockLevel.objects.filter(variant=variant).aggregate(n=Sum("quantity"))["n"] or 0
    if in_stock < item.quantity:
        raise Conflict(f"{sku} is out of stock ({in_stock} left)", code="out_of_stock")
    return variant


def is_serial_returner(order: Order, policy: PolicyInForce, now: datetime) -> bool:
    limit = policy.serial_limit
    if limit is None or order.customer_id is None:
        return False
    recent = (
        ReturnRequest.objects.filter(
            store_id=order.store_id, customer_id=order.customer_id, created_at__gte=now - SERIAL_WINDOW
        )
        .exclude(state=S.REJECTED)
        .count()
    )
    return recent >= limit


def _auto_approves(policy: PolicyInForce, tier: str, value: Decimal, reasons: set[str], serial: bool) -> bool:
    rule = policy.document["auto_approve"]
    if serial or not (tier in rule["tiers"] or "*" in rule["tiers"]):
        return False
    if rule["max_value"] is not None and value > Decimal(str(rule["max_value"])):
        return False
    return not rule["reasons"] or reasons <= set(rule["reasons"])


@transaction.atomic
def return_create(
    *,
    order: Order,
    items: Sequence[ItemAsked],
    resolution: str,
    method: str,
    idempotency_key: str = "",
    actor: str = "",
    now: datetime | None = None,
) -> ReturnOutcome:
    """Ask for a return of some of an order's lines, checked against the policy in force for this buyer.

    Refused with a code: `order_not_delivered`, `no_items`, `unknown_line`, `invalid_quantity`,
    `not_returnable`, `return_window_closed`, `invalid_reason`, `quantity_exceeds`, `invalid_resolution`,
    `invalid_method`, and for exchanges `missing_exchange_sku`, `unknown_variant`, `invalid_exchange`,
    `out_of_stock`. Approved at once when the policy's auto-approve rule says so.
    """
    now = now or timezone.now()
    key = idempotency_key.strip()
    if len(key) > 200:
        raise Invalid("an idempotency key is at most 200 characters", code="invalid_key")
    if resolution not in Resolution.values:
        raise Invalid(f"resolution must be one of {', '.join(Resolution.values)}", code="invalid_resolution")
    if method not in ReturnMethod.values:
        raise Invalid(f"method must be one of {', '.join(ReturnMethod.values)}", code="invalid_method")
    # One return at a time per order: quantities already asked for are counted against the lines.
    order = Order.objects.select_for_update(of=("self",)).select_related("store", "customer").get(pk=order.pk)
    if key:
        existing = ReturnRequest.objects.filter(store_id=order.store_id, idempotency_key=key).first()
        if existing is not None:
            if existing.order_id != order.pk:
                raise Conflict(
                    "this idempotency key was used for another order", code="idempotency_key_reused"
                )
            return ReturnOutcome(existing, False)
    if order.status not in (OrderStatus.DELIVERED, OrderStatus.RETURNED):
        raise Conflict("only a delivered order can be returned", code="order_not_delivered")
    policy = policy_in_force(store=order.store)
    tier = tier_for(store=order.store, customer=order.customer)
    checked = _check_items(order, items, policy, tier, resolution, now)
    serial = is_serial_returner(order, policy, now)
    ret = _insert(order, key, resolution, method, policy, tier, serial)
    ReturnItem.objects.bulk_create(
        ReturnItem(
            return_request=ret,
            order_line=line,
            variant=line.variant,
            sku=line.sku,
            name=line.name,
            category=line.category,
            unit_price=line.unit_price,
            quantity=item.quantity,
            reason=item.reason,
            comment=db_text(item.comment, 2000),
            exchange_variant=variant,
        )
        for line, item, variant in checked
    )
    return_step_record(
        ret,
        step="created",
        data={"tier": tier, "policy_version": policy.version, "serial_returner": serial},
        actor=actor,
    )
    value = sum((line.unit_price * item.quantity for line, item, _ in checked), Decimal(0))
    if _auto_approves(policy, tier, value, {item.reason for _, item, _ in checked}, serial):
        ret = return_approve(ret=ret, actor="policy")
    return ReturnOutcome(ret, True)


def _insert(
    order: Order, key: str, resolution: str, method: str, policy: PolicyInForce, tier: str, serial: bool
) -> ReturnRequest:
    early = policy.tier_in("refund_at_first_scan_tiers", tier) and not serial
    fields = {
        "store": order.store,
        "order": order,
        "customer": order.customer,
        "resolution": resolution,
        "method": method,
        "tier": tier,
        "policy_version": policy.version,
        "fee": policy.fee_for(tier),
        "free_pickup": method == ReturnMethod.PICKUP and policy.tier_in("free_pickup_tiers", tier),
        "refund_at_first_scan": early and resolution in (Resolution.REFUND, Resolution.CREDIT),
        "lenient_inspection": policy.tier_in("lenient_inspection_tiers", tier),
        "currency": order.currency,
        "idempotency_key": key,
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return ReturnRequest.objects.create(code=_new_code(), **fields)
        except IntegrityError:
            continue  # a code already taken in this store (or the key, by a concurrent request)
    if key:
        existing = ReturnRequest.objects.filter(store=order.store, idempotency_key=key).first()
        if existing is not None:
            return existing
    raise Conflict("the return could not be recorded; try again", code="try_again")


# --- approving ---


@transaction.atomic
def return_approve(
    *, ret: ReturnRequest, actor: str = "", carrier: str = "", tracking_number: str = ""
) -> ReturnRequest:
    """Approve, and create the reverse shipment that the carrier's scans will then follow.

    Without a tracking number from the carrier's booking, the return's code is used (`RET<code>`), which is
    what a drop-off point or a printed label shows.
    """
    ret = _locked(ret)
    if _done_or_refused(ret, S.APPROVED):
        return ret
    shipment, _ = shipment_create(
        store=ret.store,
        order=ret.order,
        carrier=carrier or "generic",
        tracking_number=tracking_number or f"RET{ret.code}",
        direction=Direction.REVERSE,
    )
    _move(ret, S.APPROVED, approved_at=timezone.now(), reverse_shipment=shipment)
    return_step_record(
        ret,
        step="approved",
        data={"tracking_number": shipment.tracking_number, "carrier": shipment.carrier},
        actor=actor,
    )
    return ret


@transaction.atomic
def return_reject(*, ret: ReturnRequest, reason: str, actor: str = "") -> ReturnRequest:
    ret = _locked(ret)
    if ret.state == S.REJECTED:
        return ret
    if S.REJECTED not in TRANSITIONS[ret.state]:
        raise Conflict(f"a return that is {ret.state} cannot be rejected", code="invalid_transition")
    _move(ret, S.REJECTED, reject_reason=db_text(reason, 300))
    return_step_record(ret, step="rejected", message=reason, actor=actor)
    return ret


@transaction.atomic
def return_close(*, ret: ReturnRequest, reason: str, actor: str = "") -> ReturnRequest:
    """End a return without resolving it (the buyer withdrew it, the parcel never came)."""
    ret = _locked(ret)
    if ret.state == S.CLOSED:
        return ret
    if S.CLOSED not in TRANSITIONS[ret.state]:
        raise Conflict(f"a return that is {ret.state} cannot be closed", code="invalid_transition")
    _move(ret, S.CLOSED)
    return_step_record(ret, step="closed", message=reason, actor=actor)
    return ret


# --- on the way back, in the warehouse ---


@transaction.atomic
def return_mark_in_transit(*, ret: ReturnRequest, tracking_status: str = "") -> tuple[ReturnRequest, bool]:
    """The carrier has the parcel. Returns (return, moved now)."""
    ret = _locked(ret)
    if ret.state != S.APPROVED:
        return ret, False
    _move(ret, S.IN_TRANSIT)
    return_step_record(ret, step="in_transit", data={"tracking_status": tracking_status}, actor="carrier")
    return ret, True


@transaction.atomic
def return_receive(*, ret: ReturnRequest, actor: str = "") -> ReturnRequest:
    """The parcel reached the warehouse (the code scanned or typed at the dock)."""
    ret = _locked(ret)
    if _done_or_refused(ret, S.RECEIVED):
        return ret
    _move(ret, S.RECEIVED, received_at=timezone.now())
    return_step_record(ret, step="received", actor=actor)
    return ret


def _restock(item: ReturnItem, location: str) -> None:
    if item.variant_id is None:
        raise Conflict(
            f"{item.sku or item.name} has no variant in the catalogue to restock", code="unknown_variant"
        )
    level, _ = StockLevel.objects.get_or_create(
        store_id=item.return_request.store_id, variant_id=item.variant_id, location=location
    )
    # An UPDATE with F(): a concurrent reservation of the same stock row is not lost.
    StockLevel.objects.filter(pk=level.pk).update(
        quantity=F("quantity") + item.quantity, updated_at=timezone.now()
    )


@transaction.atomic
def return_inspect(
    *, ret: ReturnRequest, inspections: Sequence[ItemInspected], actor: str = ""
) -> ReturnRequest:
    """Grade every item and decide what becomes of it; restocked items are in stock when this returns."""
    ret = _locked(ret)
    if _done_or_refused(ret, S.INSPECTED):
        return ret
    items = {item.pk: item for item in ret.items.select_related("return_request")}
    given = {i.item_id: i for i in inspections}
    if set(given) != set(items):
        raise Invalid("inspect every item of the return, once each", code="items_mismatch")
    now = timezone.now()
    for item_id, inspection in given.items():
        if inspection.grade not in Grade.values:
            raise Invalid(f"grade must be one of {', '.join(Grade.values)}", code="invalid_grade")
        if inspection.disposition not in Disposition.values:
            raise Invalid(
                f"disposition must be one of {', '.join(Disposition.values)}", code="invalid_disposition"
            )
        location = inspection.location.strip()
        if inspection.disposition == Disposition.RESTOCK and not location:
            raise Invalid("restocking needs a location", code="missing_location")
        item = items[item_id]
        item.grade, item.disposition = inspection.grade, inspection.disposition
        item.restock_location, item.inspected_at = db_text(location, 100), now
        item.save(update_fields=["grade", "disposition", "restock_location", "inspected_at"])
        if inspection.disposition == Disposition.RESTOCK:
            _restock(item, item.restock_location)
    _move(ret, S.INSPECTED)
    grades = {str(i.pk): i.grade for i in items.values()}
    return_step_record(ret, step="inspected", data={"grades": grades}, actor=actor)
    if ret.outcome:  # refunded or credited at the first carrier scan: nothing is left to decide
        _move(ret, S.RESOLVED)
        return_step_record(ret, step="resolved", data={"outcome": ret.outcome, "early": True}, actor=actor)
        order_returned_if_complete(order=ret.order)
    return ret


MONEY_BACK = ("refunded", "credited")  # Outcome values where the buyer kept nothing of what came back


def order_returned_if_complete(*, order: Order) -> bool:
    """Move a delivered order to `returned` once every unit of it came back, resolved with its money given
    back (refunded or credited). An exchange leaves the buyer with goods, and a partial return leaves the rest
    of the order with them: neither moves it. Called inside the resolving transaction."""
    if order.status != OrderStatus.DELIVERED:
        return False
    bought = dict(OrderLine.objects.filter(order=order).values_list("pk", "quantity"))
    if not bought:
        return False
    back = dict(
        ReturnItem.objects.filter(
            return_request__order=order,
            return_request__state=S.RESOLVED,
            return_request__outcome__in=MONEY_BACK,
            order_line_id__in=bought,
        )
        .values("order_line_id")
        .annotate(n=Sum("quantity"))
        .values_list("order_line_id", "n")
    )
    if any(back.get(line_id, 0) < quantity for line_id, quantity in bought.items()):
        return False
    return order_status_set(
        order=order, status=OrderStatus.RETURNED, reason="every item was returned and its money given back"
    )


def return_get_for_update(*, store_id: int, return_id: int) -> ReturnRequest:
    ret = ReturnRequest.objects.filter(store_id=store_id, pk=return_id).first()
    if ret is None:
        raise NotFound("no such return", code="return_not_found")
    return ret


def return_payout_details(ret: ReturnRequest) -> str:
    """The bank or wallet details the buyer gave with the return (the returns portal keeps them encrypted on
    the return's `logistics` row), for a manual refund; "" when there are none."""
    logistics = getattr(ret, "logistics", None)  # a missing one-to-one row raises an AttributeError subclass
    if logistics is None or not logistics.encrypted_payout_details:
        return ""
    from wasl.stores.crypto import decrypt

    return str(decrypt(logistics.encrypted_payout_details))
