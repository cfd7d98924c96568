"""The inbox: conversations handed to a person, one conversation with its reply box, and staff requests."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wasl.console.access import member_view
from wasl.console.display import bubbles
from wasl.console.forms import ReplyForm, TemplateForm
from wasl.console.selectors import Thread, inbox, staff_requests, thread
from wasl.console.services import staff_request_done
from wasl.core.errors import NotFound, WaslError
from wasl.messaging.handover import agent_reply, agent_template_send, conversation_close, conversation_take
from wasl.messaging.services import conversation_window_open
from wasl.stores.models import Store


@require_GET
@member_view
def inbox_view(request: HttpRequest, store: Store) -> HttpResponse:
    context = {
        "store": store,
        "section": "inbox",
        "rows": inbox(store=store),
        "requests": staff_requests(store=store),
    }
    return render(request, "console/inbox.html", context)


def _thread(store: Store, conversation_id: int) -> Thread:
    try:
        return thread(store=store, conversation_id=conversation_id)
    except NotFound:
        raise Http404("no such conversation") from None


def _page(
    request: HttpRequest,
    store: Store,
    found: Thread,
    *,
    reply_form: ReplyForm | None = None,
    template_form: TemplateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    conversation = found.conversation
    token = uuid.uuid4().hex
    context = {
        "store": store,
        "section": "inbox",
        "conversation": conversation,
        "bubbles": bubbles(found.messages),
        "order": found.order,
        "shipment": found.shipment,
        "window_open": conversation_window_open(conversation, timezone.now()),
        "reply_form": reply_form or ReplyForm(initial={"token": token}),
        "template_form": template_form or TemplateForm(initial={"token": token}),
    }
    return render(request, "console/conversation.html", context, status=status)


@require_GET
@member_view
def conversation_view(request: HttpRequest, store: Store, conversation_id: int) -> HttpResponse:
    return _page(request, store, _thread(store, conversation_id))


@require_POST
@member_view
def reply_view(request: HttpRequest, store: Store, conversation_id: int) -> HttpResponse:
    found = _thread(store, conversation_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _page(request, store, found, reply_form=form, status=400)
    try:
        agent_reply(
            conversation=found.conversation,
            agent_id=_agent_id(request),
            text=form.cleaned_data["text"],
            token=form.cleaned_data["token"],
        )
    except WaslError as error:
        form.add_error(None, _error_text(error))
        return _page(request, store, found, reply_form=form, status=400)
    messages.success(request, _("Your reply is on its way."))
    return redirect("console:conversation", store_slug=store.slug, conversation_id=conversation_id)


@require_POST
@member_view
def template_view(request: HttpRequest, store: Store, conversation_id: int) -> HttpResponse:
    found = _thread(store, conversation_id)
    form = TemplateForm(request.POST)
    if not form.is_valid():
        return _page(request, store, found, template_form=form, status=400)
    try:
        agent_template_send(
            conversation=found.conversation,
            agent_id=_agent_id(request),
            event=form.cleaned_data["event"],
            token=form.cleaned_data["token"],
            order=found.order,
        )
    except WaslError as error:
        form.add_error(None, _error_text(error))
        return _page(request, store, found, template_form=form, status=400)
    messages.success(request, _("The approved message is on its way."))
    return redirect("console:conversation", store_slug=store.slug, conversation_id=conversation_id)


@require_POST
@member_view
def take_view(request: HttpRequest, store: Store, conversation_id: int) -> HttpResponse:
    found = _thread(store, conversation_id)
    conversation_take(conversation=found.conversation, agent_id=_agent_id(request))
    messages.success(request, _("The conversation is yours."))
    return redirect("console:conversation", store_slug=store.slug, conversation_id=conversation_id)


@require_POST
@member_view
def close_view(request: HttpRequest, store: Store, conversation_id: int) -> HttpResponse:
    found = _thread(store, conversation_id)
    conversation_close(conversation=found.conversation)
    messages.success(request, _("Closed: the bot answers this buyer's next message."))
    return redirect("console:inbox", store_slug=store.slug)


@require_POST
@member_view
def request_done_view(request: HttpRequest, store: Store, event_id: int) -> HttpResponse:
    try:
        staff_request_done(store=store, event_id=event_id, by=request.user.get_username())
    except NotFound:
        raise Http404("no such request") from None
    messages.success(request, _("Marked as passed on."))
    return redirect("console:inbox", store_slug=store.slug)


def _agent_id(request: HttpRequest) -> int:
    """The signed-in agent (every view here requires one)."""
    return int(request.user.pk or 0)


ERROR_TEXTS = {
    "window_closed": lambda: _(
        "The buyer has not written in the last 24 hours, so WhatsApp only accepts an approved message. "
        "Send one below."
    ),
    "empty_message": lambda: _("Write a message first."),
    "message_too_long": lambda: _("The message is too long."),
    "missing_token": lambda: _("The form has expired; load the page again."),
    "template_off": lambda: _("This message is switched off for the store."),
    "invalid_event": lambda: _("Pick one of the approved messages."),
}


def _error_text(error: WaslError) -> str:
    """The error in the agent's language when we have it, else the service's own message."""
    text = ERROR_TEXTS.get(error.code)
    return str(text()) if text else error.message
