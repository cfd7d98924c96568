"""How a verification reaches the buyer: which channel and conversation, in which language, as which kind of
message (interactive inside WhatsApp's 24-hour window, an approved template with quick-reply buttons outside
it, numbered choices on SMS), and when (quiet hours).

Every prompt carries `extra["awaits"]` and the verification's id, so that `messaging.flows` hands the buyer's
next tap, text or pin to the flow before the bot (on SMS, a number typed back picks a button).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from wasl.messaging.channels.registry import configured_channels
from wasl.messaging.consent import opted_out_among
from wasl.messaging.languages import choose_language, country_of_phone
from wasl.messaging.models import Conversation, Message, Template
from wasl.messaging.quiet_hours import QuietHours, buyer_zone, next_allowed
from wasl.messaging.rendering import buyer_locale, render
from wasl.messaging.selectors import default_channels
from wasl.messaging.services import Draft, conversation_get_or_create, conversation_window_open, message_queue
from wasl.orders.models import Order
from wasl.risk.flows.texts import text
from wasl.risk.policy_models import OrderVerification

EMPTY_PARAM = "-"  # WhatsApp refuses empty template parameters
BUYER_CHANNELS = ("whatsapp", "sms")


@dataclass(frozen=True)
class Reach:
    """A buyer we can write to about an order."""

    order: Order
    conversation: Conversation
    language: str
    window_open: bool

    @property
    def channel(self) -> str:
        return self.conversation.channel

    @property
    def locale(self) -> str:
        return buyer_locale(self.language, country_of_phone(self.conversation.address))


@dataclass(frozen=True)
class Prompt:
    """One message of a flow before it is a Draft. `params` name the template's variables in order."""

    key: str  # the text's key in texts.TEXTS; also the template: wasl_<key>, event risk.<key>
    values: dict[str, str]
    params: tuple[str, ...]
    awaits: str
    buttons: tuple[tuple[str, str], ...] = ()  # (id, title)
    rows: tuple[tuple[str, str], ...] = ()  # a list instead of buttons (inside the window only)
    list_button: str = ""
    location: bool = False  # ask for a pin (WhatsApp, inside the window)
    extra: dict[str, object] = field(default_factory=dict)


def reach_buyer(order: Order) -> tuple[Reach | None, str]:
    """The buyer's conversation on the first set-up channel of WhatsApp then SMS; or None and why not."""
    customer = order.customer
    phone = customer.phone if customer is not None else ""
    if not phone:
        return None, "no phone number"
    if phone in opted_out_among(store_id=order.store_id, phones={phone}):
        return None, "the buyer opted out of messages"
    configured = configured_channels(store_id=order.store_id)
    wanted = [c for c in default_channels() if c in BUYER_CHANNELS] or list(BUYER_CHANNELS)
    channel = next((c for c in wanted if c in configured), None)
    if channel is None:
        return None, "no WhatsApp or SMS set up"
    conversation = conversation_get_or_create(
        store=order.store, channel=channel, address=phone, customer=customer
    )
    language = choose_language(
        stored=(customer.language if customer else "") or conversation.language,
        phone=phone,
        store_default=order.store.language,
    )
    return Reach(order, conversation, language, conversation_window_open(conversation)), ""


def send_at(reach: Reach, now: datetime | None = None) -> datetime | None:
    """When a message we start may go: now, or at the end of the buyer's quiet hours."""
    now = now or timezone.now()
    quiet = QuietHours.parse(settings.WASL_QUIET_HOURS)
    return next_allowed(now, buyer_zone(reach.conversation.address, reach.order.store.timezone), quiet)


def _override(store_id: int, key: str, language: str) -> Template | None:
    return Template.objects.filter(store_id=store_id, event=f"risk.{key}", language=language).first()


def prompt_draft(reach: Reach, verification: OrderVerification, prompt: Prompt) -> Draft:
    own = _override(reach.order.store_id, prompt.key, reach.language)
    body = render(
        own.body if own is not None and own.enabled else text(prompt.key, reach.language), prompt.values
    )
    extra: dict[str, object] = {
        "verification_id": verification.pk,
        "order_id": verification.order_id,
        **prompt.extra,
    }
    if prompt.awaits:  # only a message that waits for an answer may hide an earlier one from messaging.flows
        extra["awaits"] = prompt.awaits
    buttons = tuple({"id": i, "title": t[:20]} for i, t in prompt.buttons)
    if reach.channel == "whatsapp" and not reach.window_open:
        names = (
            tuple(str(n) for n in own.param_names) if own is not None and own.param_names else prompt.params
        )
        return Draft(
            kind="template",
            body=body,
            language=reach.language,
            template_name=(
                own.provider_name if own is not None and own.provider_name else f"wasl_{prompt.key}"
            ),
            template_params=tuple(prompt.values.get(n, "") or EMPTY_PARAM for n in names),
            buttons=buttons,  # quick replies: their payloads are the flow's button ids
            extra=extra,
        )
    if prompt.rows:
        extra |= {
            "list_button": prompt.list_button,
            "rows": [{"id": i, "title": t[:24]} for i, t in prompt.rows],
        }
        return Draft(kind="list", body=body, language=reach.language, extra=extra)
    if buttons:
        return Draft(kind="buttons", body=body, language=reach.language, buttons=buttons, extra=extra)
    kind = "location_request" if prompt.location and reach.channel == "whatsapp" else "text"
    return Draft(kind=kind, body=body, language=reach.language, extra=extra)


def prompt_queue(
    reach: Reach, verification: OrderVerification, prompt: Prompt, *, key: str, at: datetime | None = None
) -> Message:
    """Queue the prompt once (per key), at `at` (quiet hours) or now."""
    message, _created = message_queue(
        conversation=reach.conversation,
        draft=prompt_draft(reach, verification, prompt),
        idempotency_key=key,
        order=reach.order,
        not_before=at,
    )
    return message
