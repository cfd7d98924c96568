"""Who sees what in the console: signed-in users, and only the stores they are a member of."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse_lazy

from wasl.stores.models import Store

LOGIN_URL = reverse_lazy("console:login")

View = Callable[..., HttpResponse]


def stores_of(user: Any) -> list[Store]:
    """The stores this user is staff of, by name."""
    if not user.is_authenticated or not user.is_active:
        return []
    return list(Store.objects.filter(members__user=user).order_by("name", "pk"))


def store_of(user: Any, slug: str) -> Store:
    """The store with this slug if the user is one of its staff; a 404 otherwise, as if it did not exist."""
    store = Store.objects.filter(slug=slug, members__user=user).first() if user.is_active else None
    if store is None:
        raise Http404("no such store")
    return store


def member_view(view: View) -> View:
    """A view of one store (`store_slug` in the URL), for signed-in members only; gets `store` instead."""

    @login_required(login_url=LOGIN_URL)
    @wraps(view)
    def wrapped(request: HttpRequest, store_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        store = store_of(request.user, store_slug)
        return view(request, store, *args, **kwargs)

    return wrapped
