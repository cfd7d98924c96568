"""The order queue (risk band, score, reasons, pending checks, holdout) and one order with its timeline and the
buttons that override the policy: approve, cancel, resend a question, mark a check verified."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wasl.console.access import member_view
from wasl.core.errors import NotFound
from wasl.orders.models import Order
from wasl.risk.policy_models import DecisionState, OrderVerification, VerificationState
from wasl.risk.policy_selectors import BANDS, order_review, orders_for_review, top_reasons, verification_get
from wasl.risk.reasons import as_words
from wasl.stores.models import Store

PAGE_SIZE = 50


def _language() -> str:
    language = (get_language() or "en")[:2]
    return language if language in ("ar", "fr", "en") else "en"


@require_GET
@member_view
def orders_view(request: HttpRequest, store: Store) -> HttpResponse:
    band = request.GET.get("band", "")
    state = request.GET.get("state", "")
    pending = request.GET.get("pending") == "1"
    paginator = Paginator(orders_for_review(store=store, band=band, state=state, pending=pending), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    language = _language()
    rows = [(order, top_reasons(order, language)) for order in page.object_list]
    query = "&".join(
        f"{k}={v}" for k, v in (("band", band), ("state", state), ("pending", "1" if pending else "")) if v
    )
    context = {
        "store": store,
        "section": "orders",
        "rows": rows,
        "page": page,
        "band": band,
        "state": state,
        "pending": pending,
        "query": query,
        "bands": BANDS,
        "states": DecisionState.choices,
    }
    return render(request, "console/orders.html", context)


def _review(store: Store, order_id: int):  # type: ignore[no-untyped-def]
    try:
        return order_review(store=store, order_id=order_id)
    except NotFound:
        raise Http404("no such order") from None


@require_GET
@member_view
def order_view(request: HttpRequest, store: Store, order_id: int) -> HttpResponse:
    review = _review(store, order_id)
    score = getattr(review.order, "risk_score", None)
    context = {
        "store": store,
        "section": "orders",
        "order": review.order,
        "decision": review.decision,
        "verifications": review.verifications,
        "events": review.events,
        "score": score,
        "reasons": as_words(list(score.reasons), _language()) if score is not None else [],
        "PENDING": VerificationState.PENDING,
    }
    return render(request, "console/order.html", context)


def _staff(request: HttpRequest) -> str:
    return f"staff:{request.user.get_username()}"


def _back(store: Store, order: Order) -> HttpResponse:
    return redirect("console:order", store_slug=store.slug, order_id=order.pk)


@require_POST
@member_view
def order_approve_view(request: HttpRequest, store: Store, order_id: int) -> HttpResponse:
    from wasl.risk.verification import decision_approve

    order = _review(store, order_id).order
    decision_approve(order=order, by=_staff(request))
    messages.success(request, _("Approved: the order may ship."))
    return _back(store, order)


@require_POST
@member_view
def order_cancel_view(request: HttpRequest, store: Store, order_id: int) -> HttpResponse:
    from wasl.risk.verification import order_cancel

    order = _review(store, order_id).order
    if order_cancel(
        order_id=order.pk, reason=f"cancelled by {request.user.get_username()}", by=_staff(request)
    ):
        messages.success(request, _("The order is cancelled."))
    else:
        messages.error(request, _("The order has left already; it is held for a person instead."))
    return _back(store, order)


def _verification(store: Store, order: Order, verification_id: int) -> OrderVerification:
    try:
        return verification_get(store=store, order=order, verification_id=verification_id)
    except NotFound:
        raise Http404("no such verification") from None


@require_POST
@member_view
def verification_resend_view(
    request: HttpRequest, store: Store, order_id: int, verification_id: int
) -> HttpResponse:
    from wasl.risk.policy_runner import verification_send

    order = _review(store, order_id).order
    verification = _verification(store, order, verification_id)
    if not verification.is_pending:
        messages.error(request, _("This check is settled already."))
        return _back(store, order)
    outcome = verification_send(verification=verification, resend_by=_staff(request))
    if outcome == "sent":
        messages.success(request, _("Sent to the buyer again."))
    else:
        messages.error(request, _("Not sent: %(why)s") % {"why": outcome})
    return _back(store, order)


@require_POST
@member_view
def verification_verified_view(
    request: HttpRequest, store: Store, order_id: int, verification_id: int
) -> HttpResponse:
    from wasl.risk.verification import verification_mark_verified

    order = _review(store, order_id).order
    verification = _verification(store, order, verification_id)
    if verification_mark_verified(verification=verification, by=_staff(request)):
        messages.success(request, _("Marked as verified."))
    else:
        messages.error(request, _("This check is settled already."))
    return _back(store, order)
