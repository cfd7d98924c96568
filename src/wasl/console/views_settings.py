"""Channel settings: WhatsApp, SMS and e-mail, with their webhook addresses and a test message each."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wasl.console.access import member_view
from wasl.console.channel_fields import CHANNEL_LABELS, SETTINGS, Setting, masked
from wasl.console.forms_settings import CLEAR, ChannelSettingsForm, TestMessageForm
from wasl.console.selectors import channel_values, setting_changes, test_messages
from wasl.console.services import channel_settings_save, channel_test_queue
from wasl.core.errors import WaslError
from wasl.messaging.channels.registry import REQUIRED_KEYS
from wasl.messaging.models import Message
from wasl.stores.models import Store

WEBHOOK_KEYS = {"whatsapp": ("app_secret", "verify_token"), "sms": ("auth_token",)}


@dataclass(frozen=True)
class Row:
    setting: Setting
    field: Any  # the bound field
    clear: Any  # the "clear" box of a secret, else None
    state: str  # set | unset | unreadable
    shown: str  # a secret's mask; "" for other values, which their input shows in full


@dataclass(frozen=True)
class Card:
    channel: str
    label: str
    form: ChannelSettingsForm
    rows: list[Row]
    configured: bool
    missing: list[str]
    webhook_url: str
    webhook_missing: list[str]
    verify_mask: str
    test_form: TestMessageForm
    tests: list[Message]


def _card(
    store: Store, channel: str, form: ChannelSettingsForm | None, test_form: TestMessageForm | None
) -> Card:
    values = channel_values(store=store, channel=channel)
    form = form or ChannelSettingsForm(channel, values, prefix=channel)
    rows = []
    for setting in SETTINGS[channel]:
        value = values.get(setting.key)
        state = "unset" if setting.key not in values else ("unreadable" if value is None else "set")
        rows.append(
            Row(
                setting=setting,
                field=form[setting.key],
                clear=form[CLEAR.format(setting.key)] if setting.secret else None,
                state=state,
                shown=masked(value) if setting.secret and value else "",
            )
        )
    labels = {s.key: str(s.label) for s in SETTINGS[channel]}
    missing = [labels[k] for k in REQUIRED_KEYS[channel] if not values.get(k)]
    webhook = (
        f"{settings.WASL_PUBLIC_URL}/webhooks/{channel}/{store.slug}/" if channel in WEBHOOK_KEYS else ""
    )
    verify = values.get("verify_token") or ""
    return Card(
        channel=channel,
        label=str(CHANNEL_LABELS[channel]),
        form=form,
        rows=rows,
        configured=not missing,
        missing=missing,
        webhook_url=webhook,
        webhook_missing=[labels[k] for k in WEBHOOK_KEYS.get(channel, ()) if not values.get(k)],
        verify_mask=masked(verify) if verify else "",
        test_form=test_form or TestMessageForm(prefix=f"{channel}-test", initial={"token": uuid.uuid4().hex}),
        tests=test_messages(store=store, channel=channel),
    )


def _page(
    request: HttpRequest,
    store: Store,
    *,
    forms: dict[str, ChannelSettingsForm] | None = None,
    test_forms: dict[str, TestMessageForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms, test_forms = forms or {}, test_forms or {}
    context = {
        "store": store,
        "section": "settings",
        "cards": [_card(store, c, forms.get(c), test_forms.get(c)) for c in SETTINGS],
        "changes": setting_changes(store=store),
        "to_fix": [CHANNEL_LABELS[c] for c in SETTINGS if c in forms or c in test_forms],
        "list_sep": pgettext("between the items of a list", ", "),
    }
    return render(request, "console/settings.html", context, status=status)


def _channel(channel: str) -> str:
    if channel not in SETTINGS:
        raise Http404("no such channel")
    return channel


def _back(store: Store, channel: str) -> HttpResponse:
    return redirect(reverse("console:settings", args=[store.slug]) + f"#{channel}")


@require_GET
@member_view
def settings_view(request: HttpRequest, store: Store) -> HttpResponse:
    return _page(request, store)


@require_POST
@member_view
def settings_save_view(request: HttpRequest, store: Store, channel: str) -> HttpResponse:
    channel = _channel(channel)
    form = ChannelSettingsForm(
        channel, channel_values(store=store, channel=channel), request.POST, prefix=channel
    )
    if not form.is_valid():
        return _page(request, store, forms={channel: form}, status=400)
    changed = channel_settings_save(store=store, changes=form.changes(), user=request.user)
    label = CHANNEL_LABELS[channel]
    if changed:
        messages.success(request, _("%(channel)s settings saved.") % {"channel": label})
    else:
        messages.info(request, _("Nothing to change in the %(channel)s settings.") % {"channel": label})
    return _back(store, channel)


@require_POST
@member_view
def settings_test_view(request: HttpRequest, store: Store, channel: str) -> HttpResponse:
    channel = _channel(channel)
    form = TestMessageForm(request.POST, prefix=f"{channel}-test")
    if form.is_valid() and not _card_configured(store, channel):
        form.add_error(None, _("Set up this channel and save it before sending a test message."))
    if not form.is_valid():
        return _page(request, store, test_forms={channel: form}, status=400)
    try:
        message = channel_test_queue(
            store=store,
            channel=channel,
            to=form.cleaned_data["to"],
            token=form.cleaned_data["token"],
            user_id=int(request.user.pk or 0),
            language=get_language() or store.language,
        )
    except WaslError as error:
        form.add_error("to" if error.code.startswith("invalid_") else None, _test_error(error))
        return _page(request, store, test_forms={channel: form}, status=400)
    messages.success(
        request,
        _("Test message to %(to)s queued. Its status is below; reload the page to follow it.")
        % {"to": message.conversation.address},
    )
    return _back(store, channel)


def _card_configured(store: Store, channel: str) -> bool:
    values = channel_values(store=store, channel=channel)
    return all(values.get(k) for k in REQUIRED_KEYS[channel])


def _test_error(error: WaslError) -> str:
    texts = {
        "invalid_phone": _("This is not a phone number we can read. Try the international form, +212…"),
        "invalid_email": _("This is not an e-mail address."),
        "missing_token": _("The form has expired; load the page again."),
    }
    return str(texts.get(error.code, error.message))
