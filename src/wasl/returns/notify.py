"""Telling the buyer about their return on WhatsApp (SMS and e-mail as the store's rule orders them).

`return_step_notify` runs inside the step's transaction and only queues a task (a row in the same
database): a step and its notification commit together. The task writes one message per return and step
(key `return:<id>:<step>`) through the messaging engine, which applies consent, quiet hours and fallbacks.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from wasl.messaging.bot_texts import ltr
from wasl.messaging.channels.registry import configured_channels
from wasl.messaging.consent import is_opted_out
from wasl.messaging.drafts import notification_draft
from wasl.messaging.languages import choose_language, country_of_phone
from wasl.messaging.models import Message
from wasl.messaging.quiet_hours import QuietHours, buyer_zone, next_allowed
from wasl.messaging.rendering import notification_variables
from wasl.messaging.selectors import TemplateInForce, rule_for
from wasl.messaging.services import conversation_get_or_create, conversation_window_open, message_queue
from wasl.returns import texts
from wasl.returns.models import ReturnRequest


def return_step_notify(ret: ReturnRequest, step: str) -> None:
    """Queue the buyer's notification for a step that has one, when the store can send anything at all."""
    if step not in texts.STEP_EVENTS or not configured_channels(store_id=ret.store_id):
        return
    from wasl.returns.tasks import notify_return_step

    notify_return_step.enqueue(ret.pk, step)


def _channel_and_address(ret: ReturnRequest, event: str) -> tuple[str, str] | None:
    customer = ret.customer
    if customer is None:
        return None
    rule = rule_for(store_id=ret.store_id, event=event)
    if not rule.enabled:
        return None
    configured = configured_channels(store_id=ret.store_id)
    for channel in rule.channels:
        address = customer.email if channel == "email" else customer.phone
        if channel in configured and address:
            return channel, address
    return None


def return_notification_send(*, return_id: int, step: str) -> str:
    """Queue the message for one step of a return, once. Returns what happened, for the task's result."""
    ret = ReturnRequest.objects.select_related("store", "order", "customer").filter(pk=return_id).first()
    event = texts.STEP_EVENTS.get(step)
    if ret is None or event is None:
        return "gone"
    key = f"return:{ret.pk}:{step}"
    if Message.objects.filter(store_id=ret.store_id, idempotency_key=key).exists():
        return "done"
    route = _channel_and_address(ret, event)
    if route is None or ret.customer is None:
        return "no_route"
    channel, address = route
    phone = ret.customer.phone
    if phone and is_opted_out(store_id=ret.store_id, phone=phone):
        return "opted_out"
    conversation = conversation_get_or_create(
        store=ret.store, channel=channel, address=address, customer=ret.customer
    )
    language = choose_language(
        stored=ret.customer.language or conversation.language, phone=phone, store_default=ret.store.language
    )
    text = texts.template_text(store_id=ret.store_id, event=event, language=language)
    if text is None:
        return "template_off"
    values = notification_variables(
        store=ret.store, order=ret.order, shipment=None, language=language, country=country_of_phone(phone)
    )
    values["return_code"] = ltr(ret.code, language)
    values["outcome"] = texts.outcome_words(ret.outcome, language)
    now = timezone.now()
    draft = notification_draft(
        channel=channel,
        event=event,
        language=language,
        template=TemplateInForce(text.body, text.provider_name, text.param_names),
        values=values,
        window_open=conversation_window_open(conversation, now),
        subject=f"{ret.store.name} {ret.code}",
    )
    not_before = None
    if channel != "email":
        not_before = next_allowed(
            now, buyer_zone(address, ret.store.timezone), QuietHours.parse(settings.WASL_QUIET_HOURS)
        )
    message_queue(
        conversation=conversation,
        draft=draft,
        idempotency_key=key,
        order=ret.order,
        shipment=ret.reverse_shipment,
        not_before=not_before,
    )
    return "queued"
