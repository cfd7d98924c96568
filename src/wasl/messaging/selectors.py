"""Reads for messaging, always within one store: rules and templates in force, conversations, messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from wasl.core.errors import NotFound
from wasl.core.pagination import Page, paginate
from wasl.messaging.events import EVENT_PARAMS, PROVIDER_NAMES
from wasl.messaging.models import Conversation, Message, MessageStatusEvent, NotificationRule, Template
from wasl.messaging.quiet_hours import QuietHours, next_allowed
from wasl.messaging.template_texts import default_text
from wasl.stores.models import Store


@dataclass(frozen=True)
class RuleInForce:
    enabled: bool
    channels: tuple[str, ...]
    delay: timedelta = timedelta(0)
    quiet_hours: str | None = None  # None: the platform's default (WASL_QUIET_HOURS); "off": none

    def not_before(self, now: datetime, zone: ZoneInfo, *, quiet: bool = True) -> datetime | None:
        """When a message of this rule may go: after its delay, outside the buyer's quiet hours (when `quiet`,
        i.e. not for e-mail); None for at once."""
        at = now + self.delay
        spec = settings.WASL_QUIET_HOURS if self.quiet_hours is None else self.quiet_hours
        try:
            hours = QuietHours.parse(spec) if quiet else None
        except ValueError:  # saved specs are validated; a bad platform default must not stop messages
            hours = None
        return next_allowed(at, zone, hours) or (at if self.delay else None)


@dataclass(frozen=True)
class TemplateInForce:
    body: str
    provider_name: str
    param_names: tuple[str, ...]


def default_channels() -> tuple[str, ...]:
    return tuple(c.strip() for c in settings.WASL_NOTIFY_CHANNELS.split(",") if c.strip())


def rule_for(*, store_id: int, event: str) -> RuleInForce:
    """The store's switch and channel order for an event; without a rule row, on, with the default order."""
    from wasl.console.models import NotificationTiming  # the delay and quiet hours are set in the console

    row = NotificationRule.objects.filter(store_id=store_id, event=event).first()
    timing = NotificationTiming.objects.filter(store_id=store_id, event=event).first()
    delay = timedelta(minutes=timing.delay_minutes) if timing else timedelta(0)
    quiet = timing.quiet_hours if timing and timing.quiet_hours else None
    if row is None:
        return RuleInForce(True, default_channels(), delay, quiet)
    channels = tuple(str(c) for c in row.channels) if row.channels else default_channels()
    return RuleInForce(row.enabled, channels, delay, quiet)


def template_for(*, store_id: int, event: str, language: str) -> TemplateInForce | None:
    """The store's own text for the event and language, else the built-in one; None if switched off."""
    row = Template.objects.filter(store_id=store_id, event=event, language=language).first()
    if row is not None and not row.enabled:
        return None
    if row is not None:
        names = tuple(str(n) for n in row.param_names) or EVENT_PARAMS[event]
        return TemplateInForce(row.body, row.provider_name or PROVIDER_NAMES[event], names)
    return TemplateInForce(default_text(event, language), PROVIDER_NAMES[event], EVENT_PARAMS[event])


def _with_history(queryset: QuerySet[Message]) -> QuerySet[Message]:
    return queryset.select_related("conversation", "order", "shipment").prefetch_related(
        Prefetch("status_events", queryset=MessageStatusEvent.objects.order_by("created_at", "id"))
    )


def conversation_list(
    *,
    store: Store,
    cursor: str | None = None,
    limit: int = 50,
    phone: str | None = None,
    state: str | None = None,
    channel: str | None = None,
) -> Page[Conversation]:
    queryset = Conversation.objects.filter(store=store)
    if phone:
        queryset = queryset.filter(address=phone)
    if state:
        queryset = queryset.filter(state=state)
    if channel:
        queryset = queryset.filter(channel=channel)
    return paginate(queryset, cursor=cursor, limit=limit)


def conversation_get(*, store: Store, conversation_id: int) -> Conversation:
    conversation = Conversation.objects.filter(store=store, pk=conversation_id).first()
    if conversation is None:
        raise NotFound(f"no conversation {conversation_id} in this store", code="conversation_not_found")
    return conversation


def conversation_messages(*, conversation: Conversation, limit: int = 200) -> list[Message]:
    """The latest `limit` messages of a conversation, oldest first."""
    newest = _with_history(Message.objects.filter(conversation=conversation)).order_by("-id")[:limit]
    return list(reversed(list(newest)))


def message_list(
    *,
    store: Store,
    cursor: str | None = None,
    limit: int = 50,
    order: str | None = None,
    phone: str | None = None,
    provider_id: str | None = None,
) -> Page[Message]:
    queryset = _with_history(Message.objects.filter(store=store))
    if order:
        queryset = queryset.filter(order__external_id=order)
    if phone:
        queryset = queryset.filter(conversation__address=phone)
    if provider_id:
        queryset = queryset.filter(provider_id=provider_id)
    return paginate(queryset, cursor=cursor, limit=limit)
