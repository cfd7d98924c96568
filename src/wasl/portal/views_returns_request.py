"""The returns portal's form: items, quantities, reasons and photos; then resolution and method; then submit."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_http_methods, require_POST

from wasl.core.errors import WaslError
from wasl.orders.models import Order
from wasl.portal.models import PayoutMethod
from wasl.portal.returns_flow import (
    PICKUP_SLOTS,
    Choice,
    ItemDraft,
    ReturnDraft,
    estimate,
    needs_payout,
    pickup_days,
    return_link,
    return_submit,
)
from wasl.portal.returns_selectors import OrderChoices, order_choices, order_returns
from wasl.portal.returns_texts import error_text, reason_label
from wasl.portal.uploads import MAX_PHOTOS, photo_remove, photos_add, photos_pending
from wasl.portal.views_returns import _state, page, page_language, session_order, state_save, store_of, to
from wasl.returns.models import Resolution, ReturnMethod
from wasl.stores.models import Store


def _draft(request: HttpRequest, store: Store) -> ReturnDraft:
    return ReturnDraft.from_session(_state(request, store).get("draft"))


def _draft_save(request: HttpRequest, store: Store, draft: ReturnDraft | None) -> None:
    state = _state(request, store)
    state["draft"] = draft.as_session() if draft is not None else None
    state_save(request, store, state)


def _expired(request: HttpRequest, store: Store) -> HttpResponse:
    return page(request, store, "find.html", {"expired": error_text("session_expired"), "form": None})


def _parse_items(request: HttpRequest, choices: OrderChoices) -> tuple[list[ItemDraft], list[str]]:
    items, errors = [], []
    for choice in choices.returnable:
        raw = request.POST.get(f"qty_{choice.line.pk}", "0")
        quantity = int(raw) if raw.isdigit() else 0
        if quantity <= 0:
            continue
        if quantity > choice.left:
            errors.append(error_text("quantity_exceeds"))
            continue
        reason = request.POST.get(f"reason_{choice.line.pk}", "")
        if reason not in choice.reasons:
            errors.append(error_text("invalid_reason"))
            continue
        items.append(ItemDraft(choice.line.pk, quantity, reason))
    return items, errors


def _items_context(order: Order, choices: OrderChoices, draft: ReturnDraft) -> dict[str, Any]:
    picked = {i.line_id: i for i in draft.items}
    rows = [
        {
            "choice": c,
            "picked": picked.get(c.line.pk),
            "quantities": range(0, c.left + 1),
            "reasons": [(code, reason_label(code)) for code in c.reasons],
            "blocked_text": error_text(c.blocked) if c.blocked else "",
        }
        for c in choices.lines
    ]
    return {
        "order": order,
        "rows": rows,
        "draft": draft,
        "photos": photos_pending(order=order),
        "max_photos": MAX_PHOTOS,
        "returns": order_returns(order=order),
        "step": "items",
    }


@require_http_methods(["GET", "POST"])
def choose_items(request: HttpRequest, store_slug: str) -> HttpResponse:
    store = store_of(store_slug)
    order = session_order(request, store)
    if order is None:
        return _expired(request, store)
    choices = order_choices(order=order)
    draft = _draft(request, store)
    errors: list[str] = []
    if request.method == "POST":
        items, errors = _parse_items(request, choices)
        draft.items, draft.comment = items, request.POST.get("comment", "")[:2000]
        draft.key = draft.key or f"portal:{order.pk}:{secrets.token_hex(8)}"
        uploads = request.FILES.getlist("photos")
        if uploads:
            try:
                photos_add(order=order, uploads=uploads)
            except WaslError as exc:
                errors.append(error_text(exc.code))
        _draft_save(request, store, draft)
        if not items and not errors and "next" in request.POST:
            errors.append(error_text("no_items"))
        if not errors and "next" in request.POST:
            return to("options", store)
    context = _items_context(order, choices, draft)
    return page(request, store, "items.html", {**context, "errors": errors}, order=order)


@require_POST
def remove_photo(request: HttpRequest, store_slug: str, photo_id: int) -> HttpResponse:
    store = store_of(store_slug)
    order = session_order(request, store)
    if order is None:
        return _expired(request, store)
    photo_remove(order=order, photo_id=photo_id)
    return to("items", store)


def _options_context(order: Order, choices: OrderChoices, draft: ReturnDraft, store: Store) -> dict[str, Any]:
    est = estimate(choices, draft, {})
    by_line = {c.line.pk: c for c in choices.lines}
    picked = [(by_line[i.line_id], i) for i in draft.items if i.line_id in by_line]
    variant_exchange = bool(picked) and all(c.variants for c, _ in picked)
    tier_free_pickup = choices.policy.tier_in("free_pickup_tiers", choices.tier)
    return {
        "order": order,
        "picked": picked,
        "estimate": est,
        "bonus_percent": choices.policy.credit_bonus_percent,
        "variant_exchange": variant_exchange,
        "others": choices.others,
        "needs_payout_if_refund": needs_payout(order, Resolution.REFUND),
        "payout_methods": PayoutMethod.choices,
        "pickup_days": pickup_days(store_timezone=store.timezone),
        "pickup_slots": PICKUP_SLOTS,
        "free_pickup": tier_free_pickup,
        "step": "options",
    }


def _choice_from(request: HttpRequest, draft: ReturnDraft) -> Choice:
    post = request.POST
    resolution = post.get("resolution", "")
    field = "variant_for_" if resolution == Resolution.EXCHANGE_VARIANT else "product_for_"
    exchange = {i.line_id: post.get(f"{field}{i.line_id}", "").strip() for i in draft.items}
    try:
        day = date.fromisoformat(post.get("pickup_date", ""))
    except ValueError:
        day = None
    return Choice(
        resolution=resolution,
        method=post.get("method", ""),
        exchange=exchange,
        pickup_date=day,
        pickup_slot=post.get("pickup_slot", ""),
        payout_method=post.get("payout_method", ""),
        payout_account=post.get("payout_account", "")[:64],
    )


@require_http_methods(["GET", "POST"])
def choose_options(request: HttpRequest, store_slug: str) -> HttpResponse:
    store = store_of(store_slug)
    order = session_order(request, store)
    if order is None:
        return _expired(request, store)
    draft = _draft(request, store)
    if not draft.items:
        return to("items", store)
    choices = order_choices(order=order)
    errors: list[str] = []
    posted: dict[str, str] = {}
    if request.method == "POST":
        posted = {k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        choice = _choice_from(request, draft)
        if choice.resolution not in Resolution.values or choice.method not in ReturnMethod.values:
            errors.append(error_text("invalid_choice"))
        else:
            try:
                ret = return_submit(
                    order=order, draft=draft, choice=choice, language=page_language(request, store, order)
                )
            except WaslError as exc:
                errors.append(error_text(exc.code))
            else:
                _draft_save(request, store, None)
                return HttpResponseRedirect(
                    f"{return_link(ret).removeprefix(settings.WASL_PUBLIC_URL)}&new=1"
                )
    context = _options_context(order, choices, draft, store)
    return page(request, store, "options.html", {**context, "errors": errors, "posted": posted}, order=order)
