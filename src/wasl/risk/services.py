"""Writes for risk: an order's score (with its timeline entry), the store's settings, manual activation."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from wasl.core.errors import Invalid, NotFound
from wasl.orders.models import Order, OrderEventKind
from wasl.orders.services import order_event_add
from wasl.risk.models import ModelState, RiskModel, RiskScore, RiskSettings, ScoreSource
from wasl.risk.scoring import Scored, score_stored
from wasl.risk.selectors import clear_caches, model_in_service
from wasl.stores.models import Store


def risk_score_order(*, order_id: int) -> RiskScore | None:
    """Score a stored order and keep the result; a second run with nothing changed does nothing."""
    order = Order.objects.select_related("store").filter(pk=order_id).first()
    if order is None:
        return None
    store = order.store
    service = model_in_service(store)
    source, version = (ScoreSource.MODEL, service.version) if service else (ScoreSource.RULES, None)
    existing = RiskScore.objects.filter(order=order).first()
    if (
        existing is not None
        and existing.order_hash == order.content_hash
        and (existing.source, existing.model_version) == (source, version)
    ):
        return existing
    [scored] = score_stored(store, [order.pk])
    return _record(order, scored)


@transaction.atomic
def _record(order: Order, scored: Scored) -> RiskScore:
    now = timezone.now()
    score, _created = RiskScore.objects.update_or_create(
        order=order,
        defaults={
            "store_id": order.store_id,
            "score": scored.score,
            "band": scored.band,
            "reasons": scored.reasons,
            "source": scored.source,
            "model_version": scored.model_version,
            "order_hash": order.content_hash,
            "scored_at": now,
        },
    )
    by = f"model v{scored.model_version}" if scored.model_version else "rules"
    order_event_add(
        order=order,
        kind=OrderEventKind.RISK_SCORED,
        message=f"RTO risk {scored.score:.0%} ({scored.band}, {by})",
        data={
            "score": scored.score,
            "band": scored.band,
            "source": scored.source,
            "model_version": scored.model_version,
            "reasons": [reason["code"] for reason in scored.reasons],
        },
        at=now,
    )
    # The store's policy decides, once per order, what to do with it; its sends are tasks queued right here.
    from wasl.risk.decisions import order_decide

    order_decide(order=order, band=score.band, score=score.score)
    return score


SETTING_KEYS = (
    "shipping_cost",
    "rto_cost",
    "action_cost",
    "medium_from",
    "high_from",
    "min_finished_orders",
    "min_rtos",
)


def risk_settings_set(*, store: Store, values: dict[str, str]) -> RiskSettings:
    """Set some of the store's risk settings from text (an empty value restores the default)."""
    row = RiskSettings.objects.filter(store=store).first() or RiskSettings(store=store)
    for key, raw in values.items():
        if key not in SETTING_KEYS:
            raise Invalid(
                f"unknown risk setting {key!r}; known: {', '.join(SETTING_KEYS)}", code="unknown_setting"
            )
        setattr(row, key, _parse_setting(key, raw.strip()))
    if not 0 < row.medium_from <= row.high_from < 1:
        raise Invalid("bands need 0 < medium_from <= high_from < 1", code="invalid_bands")
    row.save()
    clear_caches(store.pk)
    return row


def _parse_setting(key: str, raw: str) -> Any:
    default = RiskSettings().__dict__[key]
    if raw == "":
        return default
    try:
        if key in ("shipping_cost", "rto_cost", "action_cost"):
            value: Any = Decimal(raw)
            ok = value.is_finite() and value >= 0
        elif key in ("medium_from", "high_from"):
            value = float(raw)
            ok = 0 < value < 1
        else:
            value = int(raw)
            ok = value >= 1
    except (InvalidOperation, ValueError):
        ok = False
    if not ok:
        raise Invalid(f"{raw!r} is not a valid value for {key}", code="invalid_setting")
    return value


@transaction.atomic
def risk_model_activate(*, store: Store, version: int) -> RiskModel:
    """Put a kept model in service by hand (e.g. back to an earlier one); the one in service is retired."""
    model = RiskModel.objects.select_for_update().filter(store=store, version=version).first()
    if model is None:
        raise NotFound(f"no model v{version} for this store", code="model_not_found")
    if model.state != ModelState.ACTIVE:
        RiskModel.objects.filter(store=store, state=ModelState.ACTIVE).update(state=ModelState.RETIRED)
        model.state = ModelState.ACTIVE
        model.activated_at = timezone.now()
        model.decision = f"activated by hand; {model.decision}"[:500]
        model.save(update_fields=["state", "activated_at", "decision"])
    clear_caches(store.pk)
    return model
