"""Failed deliveries: the queue of NDR cases, what staff do with them, the CSV for carriers, the settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wasl.console.access import member_view
from wasl.console.forms_ndr import CloseForm, MarkForm, NdrFilterForm, NdrSettingsForm, StaffAnswerForm
from wasl.core.errors import Invalid, NotFound, WaslError
from wasl.messaging.models import Conversation
from wasl.shipping.ndr.answers import Answer, answer_record, instruction_mark
from wasl.shipping.ndr.instructions.csv_export import instructions_export
from wasl.shipping.ndr.models import NdrCase, NdrInstruction
from wasl.shipping.ndr.policy import policy_for, policy_set
from wasl.shipping.ndr.selectors import (
    carriers_with_cases,
    case_get,
    case_list,
    exportable_counts,
    latest_instruction,
)
from wasl.shipping.ndr.services import case_close_by_staff, case_escalate
from wasl.stores.models import Store

PAGE_SIZE = 50
FILTER_KEYS = ("status", "carrier", "reason", "escalated", "q")


@dataclass(frozen=True)
class NdrRow:
    case: NdrCase
    buyer: str
    instruction: NdrInstruction | None
    conversation_id: int | None
    why_closed: str


def why_closed(case: NdrCase) -> str:
    """The outcome's reason in the reader's language (staff's own words as written)."""
    words = {
        "after_new_day": _("after the buyer picked a new day"),
        "after_new_address": _("after the buyer corrected the address"),
        "buyer_cancelled": _("the buyer cancelled"),
        "no_answer": _("the buyer never answered"),
        "carrier_lost": _("lost by the carrier"),
        "order_cancelled": _("the order was cancelled"),
        "shipment_cancelled": _("the shipment was cancelled"),
    }
    reason = case.outcome_reason
    if reason.startswith("attempt_") and reason.endswith("_failed"):
        return _("attempt %(number)s failed too") % {"number": reason.split("_")[1]}
    return str(words.get(reason, reason))


def _filters(form: NdrFilterForm) -> dict[str, Any]:
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or "open"
    return {
        "status": None if status == "all" else status,
        "carrier": data.get("carrier") or None,
        "reason": data.get("reason") or None,
        "escalated": True if data.get("escalated") else None,
        "search": data.get("q") or None,
    }


def _query(request: HttpRequest) -> str:
    """The page's filters as a query string, without the cursor: what links and forms carry back."""
    kept = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        value = request.GET.get(key) or request.POST.get(key)
        if value:
            kept[key] = value[:100]
    return kept.urlencode()


def _rows(store: Store, cases: list[NdrCase]) -> list[NdrRow]:
    phones = {c.phone for c in cases if c.phone}
    conversations = {
        (channel, address): pk
        for pk, channel, address in Conversation.objects.filter(store=store, address__in=phones).values_list(
            "pk", "channel", "address"
        )
    }
    rows = []
    for case in cases:
        customer = case.order.customer if case.order is not None else None
        conversation = conversations.get((case.channel or "whatsapp", case.phone))
        rows.append(
            NdrRow(
                case=case,
                buyer=(customer.name if customer is not None else "") or case.phone,
                instruction=latest_instruction(case),
                conversation_id=conversation,
                why_closed=why_closed(case) if case.outcome else "",
            )
        )
    return rows


@require_GET
@member_view
def ndr_view(request: HttpRequest, store: Store) -> HttpResponse:
    form = NdrFilterForm(request.GET or None, carriers=carriers_with_cases(store=store))
    cursor = request.GET.get("cursor") or None
    try:
        page = case_list(store=store, cursor=cursor, limit=PAGE_SIZE, **_filters(form))
    except Invalid:  # a cursor or filter this page never gave out
        page = case_list(store=store, limit=PAGE_SIZE, **_filters(NdrFilterForm(carriers=[])))
    policy = policy_for(store_id=store.pk)
    context = {
        "store": store,
        "section": "ndr",
        "form": form,
        "rows": _rows(store, page.items),
        "next_cursor": page.next_cursor,
        "query": _query(request),
        "back_fields": [(key, request.GET[key][:100]) for key in FILTER_KEYS if request.GET.get(key)],
        "now": timezone.now(),
        "attempts_before_rto": policy.attempts_before_rto,
        "exportable": exportable_counts(store=store),
        "settings_form": NdrSettingsForm(
            initial={
                "enabled": policy.enabled,
                "attempts_before_rto": policy.attempts_before_rto,
                "remind_after_hours": policy.remind_after_hours,
                "escalate_after_hours": policy.escalate_after_hours,
            }
        ),
        "answer_form": StaffAnswerForm(),
    }
    return render(request, "console/ndr.html", context)


def _back(request: HttpRequest, store: Store) -> HttpResponse:
    query = _query(request)
    return redirect(reverse("console:ndr", args=[store.slug]) + (f"?{query}" if query else ""))


def _case(store: Store, case_id: int) -> NdrCase:
    try:
        return case_get(store=store, case_id=case_id)
    except NotFound:
        raise Http404("no such case") from None


ERROR_TEXTS = {
    "case_closed": lambda: _("This case is closed already."),
    "missing_day": lambda: _("Pick the new delivery day."),
    "missing_address": lambda: _("Write the corrected address or landmark."),
    "missing_reason": lambda: _("Say why the case is closed."),
    "invalid_transition": lambda: _("That instruction cannot go back to an earlier step."),
    "invalid_setting": lambda: _("A setting is out of its range."),
}


def _error(request: HttpRequest, error: WaslError) -> None:
    text = ERROR_TEXTS.get(error.code)
    messages.error(request, str(text()) if text else error.message)


def _form_error(request: HttpRequest, form: object) -> None:
    errors = getattr(form, "errors", {})
    first = next(iter(errors.values()), [_("Check the form.")])
    messages.error(request, str(first[0]))


@require_POST
@member_view
def ndr_answer_view(request: HttpRequest, store: Store, case_id: int) -> HttpResponse:
    case = _case(store, case_id)
    form = StaffAnswerForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(request, store)
    data = form.cleaned_data
    answer = Answer(data["answer"], day=data.get("day"), address=data.get("address") or "")
    try:
        answer_record(
            case_id=case.pk, answer=answer, source="staff", by=request.user.get_username(), store=store
        )
    except WaslError as error:
        _error(request, error)
        return _back(request, store)
    messages.success(request, _("The answer is recorded; its instruction is on its way to the carrier."))
    return _back(request, store)


@require_POST
@member_view
def ndr_escalate_view(request: HttpRequest, store: Store, case_id: int) -> HttpResponse:
    case = _case(store, case_id)
    try:
        case_escalate(case_id=case.pk, by=request.user.get_username())
    except WaslError as error:
        _error(request, error)
        return _back(request, store)
    conversation = (
        Conversation.objects.filter(store=store, address=case.phone).order_by("-last_message_at").first()
    )
    if conversation is not None:
        messages.success(request, _("The conversation is with a person now: call or write to the buyer."))
        return redirect("console:conversation", store_slug=store.slug, conversation_id=conversation.pk)
    messages.success(request, _("Marked as with a person: call the buyer."))
    return _back(request, store)


@require_POST
@member_view
def ndr_close_view(request: HttpRequest, store: Store, case_id: int) -> HttpResponse:
    case = _case(store, case_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(request, store)
    try:
        case_close_by_staff(
            case_id=case.pk, reason=form.cleaned_data["reason"], by=request.user.get_username()
        )
    except WaslError as error:
        _error(request, error)
        return _back(request, store)
    messages.success(request, _("Case closed."))
    return _back(request, store)


@require_POST
@member_view
def ndr_mark_view(request: HttpRequest, store: Store, instruction_id: int) -> HttpResponse:
    form = MarkForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(request, store)
    try:
        instruction_mark(
            store=store,
            instruction_id=instruction_id,
            status=form.cleaned_data["status"],
            reference=form.cleaned_data["reference"],
        )
    except NotFound:
        raise Http404("no such instruction") from None
    except WaslError as error:
        _error(request, error)
        return _back(request, store)
    messages.success(request, _("Instruction updated."))
    return _back(request, store)


@require_http_methods(["GET", "POST"])
@member_view
def ndr_export_view(request: HttpRequest, store: Store) -> HttpResponse:
    """GET: the carrier's pending instructions as CSV. POST: the same, marked as sent to the carrier."""
    carrier = (request.GET.get("carrier") or request.POST.get("carrier") or "").strip().lower()[:40]
    export = instructions_export(store=store, carrier=carrier or None, mark_sent=request.method == "POST")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    name = f"ndr-{store.slug}-{carrier or 'all'}-{stamp}.csv"
    response = HttpResponse(export.text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@member_view
def ndr_settings_view(request: HttpRequest, store: Store) -> HttpResponse:
    form = NdrSettingsForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(request, store)
    try:
        policy_set(store=store, **form.cleaned_data)
    except WaslError as error:
        _error(request, error)
        return _back(request, store)
    messages.success(request, _("Failed-delivery settings saved."))
    return _back(request, store)
