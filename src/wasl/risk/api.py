"""/api/v1/risk: score an order at checkout (before it exists), and read the score a stored order got."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from wasl.core.errors import Invalid, NotFound
from wasl.core.money import is_currency
from wasl.orders.schemas import OrderIn
from wasl.orders.selectors import order_get
from wasl.risk.models import RiskScore
from wasl.risk.reasons import as_words
from wasl.risk.scoring import score_incoming

router = Router(tags=["risk"])

Language = Literal["ar", "fr", "en"]


class CheckoutOrderIn(OrderIn):
    """An order as `POST /orders` takes it; at checkout it may have no id and no time yet (now is used)."""

    external_id: str = Field(default="", max_length=100)  # type: ignore[assignment]
    placed_at: datetime | None = None  # type: ignore[assignment]


class ReasonOut(Schema):
    code: str = Field(..., description="stable code, e.g. cash_on_delivery, first_order, past_rtos")
    weight: float = Field(..., description="its share of the score in log-odds; positive raises the risk")
    message: str
    params: dict[str, str]


class RiskScoreOut(Schema):
    score: float = Field(..., description="probability (0-1) that the parcel comes back undelivered")
    band: str = Field(..., description="low, medium or high (thresholds in the store's risk settings)")
    source: str = Field(..., description="model (the store's own) or rules (not enough history yet)")
    model_version: int | None
    reasons: list[ReasonOut]


class StoredScoreOut(RiskScoreOut):
    order_id: str
    scored_at: datetime


class LanguageQuery(Schema):
    language: Language | None = None


@router.post("/score", response=RiskScoreOut)
def score_checkout(request: HttpRequest, payload: CheckoutOrderIn, query: Query[LanguageQuery]) -> dict:
    """Score an order before it is placed, with what the store knows of the buyer, phone and address."""
    store = request.auth  # type: ignore[attr-defined]
    placed_at = payload.placed_at or timezone.now()
    if placed_at.tzinfo is None:
        raise Invalid("placed_at needs a time zone offset", code="invalid_date")
    if not is_currency(payload.currency.upper()):
        raise Invalid(f"{payload.currency!r} is not an ISO 4217 currency code", code="invalid_currency")
    data = replace(payload.to_data(), placed_at=placed_at)
    [scored] = score_incoming(store, [data])
    language = query.language or store.language
    return {
        "score": scored.score,
        "band": scored.band,
        "source": scored.source,
        "model_version": scored.model_version,
        "reasons": as_words(scored.reasons, language),
    }


@router.get("/orders/{external_id}", response=StoredScoreOut)
def stored_score(request: HttpRequest, external_id: str, query: Query[LanguageQuery]) -> dict:
    """The score a stored order got when it arrived (404 until it has been scored)."""
    store = request.auth  # type: ignore[attr-defined]
    order = order_get(store=store, external_id=external_id)
    score = RiskScore.objects.filter(store=store, order=order).first()
    if score is None:
        raise NotFound(f"order {external_id!r} has not been scored yet", code="not_scored")
    return {
        "order_id": order.external_id,
        "score": score.score,
        "band": score.band,
        "source": score.source,
        "model_version": score.model_version,
        "reasons": as_words(score.reasons, query.language or store.language),
        "scored_at": score.scored_at,
    }
