"""The settings index: every setup section of a store in one place, with the latest changes made to them."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from wasl.console.access import member_view
from wasl.console.selectors_setup import MANAGERS, role_of, setup_changes
from wasl.stores.models import Store


@dataclass(frozen=True)
class Section:
    title: str | Promise
    text: str | Promise
    url: str  # "" when this console has no such page
    managers_only: bool


def _page_if_any(path: str) -> str:
    """`path` when some console page answers it (sections other areas add), else ""."""
    try:
        resolve(path)
    except Resolver404:
        return ""
    return path


def sections(store: Store) -> list[Section]:
    slug = store.slug
    return [
        Section(
            _("Channels"),
            _("WhatsApp, SMS and e-mail: accounts, secrets, webhooks, a test message."),
            reverse("console:settings", args=[slug]),
            False,
        ),
        Section(
            _("Branding"),
            _("Logo, colours and language of the pages buyers see."),
            _page_if_any(f"/console/{slug}/branding/"),
            True,
        ),
        Section(
            _("Message texts"),
            _("What each message says in Arabic, French and English, and its approved WhatsApp template."),
            reverse("console:setup_templates", args=[slug]),
            True,
        ),
        Section(
            _("Notification rules"),
            _(
                "Which events message the buyer, on which channels in order, after what delay, and quiet hours."
            ),
            reverse("console:setup_rules", args=[slug]),
            True,
        ),
        Section(
            _("RTO prevention policy"),
            _("What happens to risky cash-on-delivery orders."),
            reverse("console:policy", args=[slug]),
            False,
        ),
        Section(
            _("Failed deliveries"),
            _("How failed deliveries are followed up."),
            reverse("console:ndr_settings", args=[slug]),
            False,
        ),
        Section(
            _("Returns policy and loyalty tiers"),
            _(
                "Windows, fees, free pickup, automatic approval and early refunds by tier; the tiers themselves."
            ),
            reverse("console:setup_returns", args=[slug]),
            True,
        ),
        Section(
            _("Carriers and rate cards"),
            _("Carriers you ship with and what they charge."),
            _page_if_any(f"/console/{slug}/carriers/"),
            True,
        ),
        Section(
            _("Staff"),
            _("Who may use this console, and as owner, manager or agent."),
            reverse("console:setup_staff", args=[slug]),
            True,
        ),
        Section(
            _("API keys"),
            _("Keys your shop and tools use to call Wasl's API."),
            reverse("console:setup_api_keys", args=[slug]),
            True,
        ),
    ]


@require_GET
@member_view
def setup_index_view(request: HttpRequest, store: Store) -> HttpResponse:
    manager = role_of(store=store, user=request.user) in MANAGERS
    context = {
        "store": store,
        "section": "setup",
        "sections": sections(store),
        "manager": manager,
        "changes": setup_changes(store=store) if manager else [],
    }
    return render(request, "console/setup_index.html", context)
