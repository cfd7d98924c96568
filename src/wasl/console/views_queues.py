"""What is waiting for a person, in one page: orders awaiting the buyer's verification, open failed deliveries,
returns to approve (approved or rejected right here), items to inspect at the dock, and the conversations inbox.
Each queue shows its count, its oldest entries and a link to the page that works it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wasl.console.access import member_view
from wasl.console.forms_receiving import RejectForm
from wasl.console.views_receiving import error_text, with_reason_labels
from wasl.core.errors import NotFound, WaslError
from wasl.messaging.models import Conversation, ConversationState
from wasl.returns.models import ReturnItem, ReturnRequest, ReturnState
from wasl.returns.selectors import return_get
from wasl.returns.services import return_approve, return_reject
from wasl.risk.policy_models import OrderVerification, VerificationState
from wasl.shipping.ndr.models import OPEN_STATUSES, NdrCase
from wasl.stores.models import Store

S = ReturnState
SHOWN = 20


@dataclass(frozen=True)
class QueueCounts:
    verifications: int  # orders with at least one pending check
    ndr_open: int
    ndr_escalated: int
    returns_to_approve: int
    returns_to_inspect: int
    items_to_inspect: int
    inbox: int


def queue_counts(*, store: Store) -> QueueCounts:
    """Counts of every queue, one query each (all on indexed store columns)."""
    ndr = NdrCase.objects.filter(store=store, status__in=OPEN_STATUSES).aggregate(
        open=Count("pk"), escalated=Count("pk", filter=Q(status="escalated"))
    )
    to_inspect = ReturnItem.objects.filter(
        return_request__store=store, return_request__state=S.RECEIVED
    ).aggregate(returns=Count("return_request", distinct=True), units=Sum("quantity"))
    return QueueCounts(
        verifications=OrderVerification.objects.filter(store=store, state=VerificationState.PENDING)
        .values("order")
        .distinct()
        .count(),
        ndr_open=ndr["open"],
        ndr_escalated=ndr["escalated"],
        returns_to_approve=ReturnRequest.objects.filter(store=store, state=S.REQUESTED).count(),
        returns_to_inspect=to_inspect["returns"],
        items_to_inspect=to_inspect["units"] or 0,
        inbox=Conversation.objects.filter(store=store, state=ConversationState.HUMAN).count(),
    )


@require_GET
@member_view
def queues_view(request: HttpRequest, store: Store) -> HttpResponse:
    verifications = (
        OrderVerification.objects.filter(store=store, state=VerificationState.PENDING)
        .select_related("order")
        .order_by("created_at", "pk")[:SHOWN]
    )
    to_approve = (
        ReturnRequest.objects.filter(store=store, state=S.REQUESTED)
        .select_related("order", "customer")
        .prefetch_related("items")
        .order_by("created_at", "pk")[:SHOWN]
    )
    to_inspect = (
        ReturnRequest.objects.filter(store=store, state=S.RECEIVED)
        .select_related("order")
        .prefetch_related("items")
        .order_by("received_at", "pk")[:SHOWN]
    )
    ndr_cases = (
        NdrCase.objects.filter(store=store, status__in=OPEN_STATUSES)
        .select_related("order", "shipment")
        .order_by("opened_at", "pk")[:SHOWN]
    )
    for ret in to_approve:
        with_reason_labels(list(ret.items.all()))
    context = {
        "store": store,
        "section": "queues",
        "counts": queue_counts(store=store),
        "verifications": verifications,
        "to_approve": to_approve,
        "to_inspect": to_inspect,
        "ndr_cases": ndr_cases,
        "reject_form": RejectForm(),
    }
    return render(request, "console/queues.html", context)


def _return(store: Store, code: str) -> ReturnRequest:
    try:
        return return_get(store=store, code=code)
    except NotFound:
        raise Http404("no such return") from None


def _back(store: Store) -> HttpResponse:
    return redirect("console:queues", store_slug=store.slug)


@require_POST
@member_view
def queue_approve_view(request: HttpRequest, store: Store, code: str) -> HttpResponse:
    ret = _return(store, code)
    if ret.state != S.REQUESTED:
        messages.info(request, _("Return %(code)s was decided already.") % {"code": ret.code})
        return _back(store)
    try:
        return_approve(ret=ret, actor=f"staff:{request.user.get_username()}")
    except WaslError as error:
        messages.error(request, error_text(error))
        return _back(store)
    messages.success(request, _("Return %(code)s approved; the buyer is told.") % {"code": ret.code})
    return _back(store)


@require_POST
@member_view
def queue_reject_view(request: HttpRequest, store: Store, code: str) -> HttpResponse:
    ret = _return(store, code)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the return is rejected: the buyer is told."))
        return _back(store)
    if ret.state != S.REQUESTED:
        messages.info(request, _("Return %(code)s was decided already.") % {"code": ret.code})
        return _back(store)
    try:
        return_reject(
            ret=ret, reason=form.cleaned_data["reason"], actor=f"staff:{request.user.get_username()}"
        )
    except WaslError as error:
        messages.error(request, error_text(error))
        return _back(store)
    messages.success(request, _("Return %(code)s rejected; the buyer is told.") % {"code": ret.code})
    return _back(store)
