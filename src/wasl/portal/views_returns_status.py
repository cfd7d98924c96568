"""A return's page for the buyer: status and timeline, the QR code, label or pickup slot, paying an exchange's
difference, and products from the store. Opened by the verified session of the return's order, or by the
signed link in the buyer's messages (`?k=`); anyone else gets a 404, the same as for a code that does not exist.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from wasl.core.errors import NotFound, WaslError
from wasl.core.money import quantize
from wasl.orders.models import PaymentMethod
from wasl.orders.recommendations import recommend_products
from wasl.payments.providers import provider_settings
from wasl.payments.services import payment_link_request
from wasl.portal.labels import label_pdf, qr_png, qr_svg, scan_value
from wasl.portal.models import ReturnLogistics, ReturnPhoto
from wasl.portal.returns_flow import return_id_from_token, return_token
from wasl.portal.returns_texts import error_text, reason_label
from wasl.portal.views_returns import page, session_order, store_of
from wasl.returns.models import Resolution, ReturnMethod, ReturnRequest, ReturnState
from wasl.returns.selectors import return_get
from wasl.returns.services import return_close
from wasl.stores.models import Store

# The buyer's words for each step of the return's timeline; steps not listed are staff-only.
STEP_LABELS = {
    "created": _("Return requested"),
    "approved": _("Return approved"),
    "rejected": _("Return declined"),
    "in_transit": _("Parcel on its way back"),
    "received": _("Parcel received"),
    "inspected": _("Items checked"),
    "settled_early": _("Refund issued"),
    "resolved": _("Return completed"),
    "closed": _("Return closed"),
}
# The progress bar: the usual path of a return.
JOURNEY = (
    ReturnState.REQUESTED,
    ReturnState.APPROVED,
    ReturnState.IN_TRANSIT,
    ReturnState.RECEIVED,
    ReturnState.RESOLVED,
)
LINK_PROVIDERS = ("stripe", "razorpay")
# Before the carrier has the parcel, the buyer may change their mind.
WITHDRAWABLE = (ReturnState.REQUESTED, ReturnState.APPROVED)


def _return_for(request: HttpRequest, store: Store, code: str) -> ReturnRequest:
    """The return, if this browser may see it: its order verified in the session, or a signed link."""
    try:
        ret = return_get(store=store, code=code)
    except NotFound:
        raise Http404 from None
    order = session_order(request, store)
    if order is not None and order.pk == ret.order_id:
        return ret
    if return_id_from_token(request.GET.get("k", ""), store_id=store.pk) == ret.pk:
        return ret
    raise Http404


def _difference(ret: ReturnRequest) -> Decimal | None:
    if ret.resolution not in (Resolution.EXCHANGE_VARIANT, Resolution.EXCHANGE_PRODUCT):
        return None
    items = [i for i in ret.items.all() if i.exchange_variant is not None]
    wanted = sum((i.exchange_variant.price * i.quantity for i in items), Decimal(0))  # type: ignore[union-attr]
    return quantize(wanted - sum((i.unit_price * i.quantity for i in items), Decimal(0)), ret.currency)


def _journey(ret: ReturnRequest) -> list[dict[str, Any]]:
    reached = {e.kind for e in ret.events.all()}
    state_rank: dict[str, int] = {str(s): n for n, s in enumerate(JOURNEY)}
    current = state_rank.get(ret.state, 4 if ret.state == ReturnState.INSPECTED else -1)
    return [
        {"label": label, "done": n <= current or step in reached}
        for n, (step, label) in enumerate(
            (
                ("created", pgettext_lazy("return journey", "Requested")),
                ("approved", pgettext_lazy("return journey", "Approved")),
                ("in_transit", pgettext_lazy("return journey", "On its way")),
                ("received", pgettext_lazy("return journey", "Received")),
                ("resolved", pgettext_lazy("return journey", "Done")),
            )
        )
    ]


def _provider_for(store: Store) -> str | None:
    for name in LINK_PROVIDERS:
        values = provider_settings(store=store, name=name)
        if values.get("secret_key") or (values.get("key_id") and values.get("key_secret")):
            return name
    return None


def _context(request: HttpRequest, ret: ReturnRequest, store: Store) -> dict[str, Any]:
    logistics = ReturnLogistics.objects.filter(return_request=ret).first()
    token = return_token(ret)
    difference = _difference(ret)
    exchange = ret.exchange_order
    can_pay = (
        exchange is not None
        and exchange.total > 0
        and exchange.payment_method == PaymentMethod.COD
        and exchange.paid_at is None
        and _provider_for(store) is not None
    )
    return {
        "ret": ret,
        "order": ret.order,
        "items": [(i, reason_label(i.reason)) for i in ret.items.all()],
        "events": [(e, STEP_LABELS[e.kind]) for e in ret.events.all() if e.kind in STEP_LABELS],
        "journey": _journey(ret),
        "logistics": logistics,
        "photos": ReturnPhoto.objects.filter(return_request=ret).count(),
        "qr": qr_svg(scan_value(ret), title=f"QR {ret.code}") if ret.method == ReturnMethod.DROPOFF else "",
        "scan_value": scan_value(ret),
        "token": token,
        "difference": difference,
        "can_pay": can_pay,
        "recommendations": recommend_products(store=store, order=ret.order, limit=4),
        "new": request.GET.get("new") == "1",
        "can_withdraw": ret.state in WITHDRAWABLE,
    }


@require_GET
def return_page(request: HttpRequest, store_slug: str, code: str) -> HttpResponse:
    store = store_of(store_slug)
    ret = _return_for(request, store, code)
    return page(request, store, "return.html", _context(request, ret, store), order=ret.order)


@require_GET
def return_qr_png(request: HttpRequest, store_slug: str, code: str) -> HttpResponse:
    store = store_of(store_slug)
    ret = _return_for(request, store, code)
    response = HttpResponse(qr_png(scan_value(ret)), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def return_label(request: HttpRequest, store_slug: str, code: str) -> HttpResponse:
    store = store_of(store_slug)
    ret = _return_for(request, store, code)
    response = HttpResponse(label_pdf(ret), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="return-{ret.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def pay_difference(request: HttpRequest, store_slug: str, code: str) -> HttpResponse:
    """A payment link for the exchange order's difference, made once and given back after that."""
    store = store_of(store_slug)
    ret = _return_for(request, store, code)
    provider = _provider_for(store)
    context = _context(request, ret, store)
    if ret.exchange_order is None or provider is None or not context["can_pay"]:
        context["pay_error"] = error_text("no_payment_provider")
        return page(request, store, "return.html", context, order=ret.order)
    try:
        link = payment_link_request(
            order=ret.exchange_order, provider=provider, purpose="exchange_difference"
        ).link
    except WaslError as exc:
        context["pay_error"] = error_text(exc.code)
        return page(request, store, "return.html", context, order=ret.order)
    return HttpResponseRedirect(link.url)


@require_POST
def withdraw(request: HttpRequest, store_slug: str, code: str) -> HttpResponse:
    """The buyer withdraws the return (before the carrier has the parcel); asking twice changes nothing."""
    store = store_of(store_slug)
    ret = _return_for(request, store, code)
    if ret.state in WITHDRAWABLE:
        ret = return_close(ret=ret, reason="withdrawn by the buyer", actor="buyer")
    context = _context(request, ret, store)
    if ret.state != ReturnState.CLOSED:
        context["pay_error"] = error_text("not_withdrawable")
    return page(request, store, "return.html", context, order=ret.order)
