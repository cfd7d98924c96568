"""What every setup page shares: only a store's owners and managers change its setup, and errors read well."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wasl.console.access import LOGIN_URL, store_of
from wasl.console.selectors_setup import MANAGERS, role_of
from wasl.core.errors import WaslError
from wasl.stores.models import Store

View = Callable[..., HttpResponse]


def manager_view(view: View) -> View:
    """A setup page of one store: members who are not its owners or managers get a 403 page saying why;
    anyone else a 404, as if the store did not exist. The view gets `store` and the acting `role`."""

    @login_required(login_url=LOGIN_URL)
    @wraps(view)
    def wrapped(request: HttpRequest, store_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        store = store_of(request.user, store_slug)
        role = role_of(store=store, user=request.user)
        if role not in MANAGERS:
            return forbidden(request, store)
        return view(request, store, role, *args, **kwargs)

    return wrapped


def forbidden(request: HttpRequest, store: Store) -> HttpResponse:
    context = {"store": store, "section": "setup"}
    return render(request, "console/setup_forbidden.html", context, status=403)


def error_text(error: WaslError) -> str:
    """The page's words for a service's refusal, by its stable code; the service's own message otherwise."""
    texts = {
        "unknown_variable": _("Unknown variables: %(names)s. Use only the variables listed."),
        "invalid_body": _("Write a text of 1 to 1024 characters."),
        "invalid_template_name": _("A template name has lower-case letters, digits and _ only."),
        "invalid_channels": _("Choose one to three different channels, in order."),
        "invalid_delay": _("The delay is 0 to 10080 minutes (a week)."),
        "invalid_quiet_hours": _("Quiet hours look like 22:00-08:00, with a different start and end."),
        "invalid_tiers": _("The tiers cannot be saved: %(detail)s."),
        "invalid_policy": _("The policy cannot be saved: %(detail)s."),
        "owners_only": _("Only an owner can give, change or take away the owner role."),
        "last_owner": _("The store needs at least one owner: make someone else owner first."),
        "username_taken": _("This user name is taken."),
        "user_not_found": _("No active user has this e-mail address. Invite them instead."),
        "email_ambiguous": _("More than one user has this e-mail address; ask an administrator."),
        "already_member": _("This user is already a member of the store."),
        "invalid_name": _("Give the key a name of 1 to 100 characters."),
        "invalid_username": _("Give a user name of 1 to 150 characters."),
    }
    text = texts.get(error.code)
    if text is None:
        return error.message
    names = ", ".join(error.details) if isinstance(error.details, list) else ""
    return text % {"names": names, "detail": error.message}
