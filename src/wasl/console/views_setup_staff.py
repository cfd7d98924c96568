"""Staff and API keys. A new member's temporary password and a new key are shown once, on the page that
answers the form, and kept nowhere (never in a redirect's flash message, which travels in a cookie)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wasl.console.forms_setup import ApiKeyForm, MemberAddForm, MemberInviteForm, RoleForm
from wasl.console.selectors_setup import role_of, setup_changes, store_api_keys, store_members
from wasl.console.services_setup import (
    staff_add,
    staff_invite,
    staff_remove,
    staff_role_set,
    store_api_key_create,
    store_api_key_revoke,
)
from wasl.console.views_setup_common import error_text, manager_view
from wasl.core.errors import NotFound, WaslError
from wasl.stores.models import Store


def _staff_page(
    request: HttpRequest,
    store: Store,
    role: str,
    *,
    invite: MemberInviteForm | None = None,
    add: MemberAddForm | None = None,
    errors: dict[int, str] | None = None,
    created: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    errors = errors or {}
    members = [
        {
            "member": m,
            "form": RoleForm(initial={"role": m.role}, prefix=f"m{m.pk}"),
            "error": errors.get(m.pk, ""),
        }
        for m in store_members(store=store)
    ]
    context = {
        "store": store,
        "section": "setup",
        "role": role,
        "members": members,
        "invite": invite or MemberInviteForm(prefix="invite"),
        "add": add or MemberAddForm(prefix="add"),
        "created": created,
        "changes": setup_changes(store=store, prefix="staff."),
    }
    response = render(request, "console/setup_staff.html", context, status=status)
    if created:
        patch_cache_control(response, no_store=True)
    return response


@require_GET
@manager_view
def setup_staff_view(request: HttpRequest, store: Store, role: str) -> HttpResponse:
    return _staff_page(request, store, role)


@require_POST
@manager_view
def setup_staff_invite_view(request: HttpRequest, store: Store, role: str) -> HttpResponse:
    form = MemberInviteForm(request.POST, prefix="invite")
    if form.is_valid():
        data = form.cleaned_data
        try:
            member, password = staff_invite(
                store=store,
                acting_role=role,
                username=data["username"],
                email=data["email"],
                role=data["role"],
                user=request.user,
            )
        except WaslError as error:
            form.add_error(
                "username" if error.code in ("username_taken", "invalid_username") else None,
                error_text(error),
            )
        else:
            created = {"username": member.user.get_username(), "password": password}
            return _staff_page(request, store, role, created=created)
    return _staff_page(request, store, role, invite=form, status=400)


@require_POST
@manager_view
def setup_staff_add_view(request: HttpRequest, store: Store, role: str) -> HttpResponse:
    form = MemberAddForm(request.POST, prefix="add")
    if form.is_valid():
        try:
            member = staff_add(
                store=store,
                acting_role=role,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                user=request.user,
            )
        except WaslError as error:
            form.add_error("role" if error.code == "owners_only" else "email", error_text(error))
        else:
            messages.success(request, _("%(name)s is now a member.") % {"name": member.user.get_username()})
            return redirect("console:setup_staff", store_slug=store.slug)
    return _staff_page(request, store, role, add=form, status=400)


def _member_action(
    request: HttpRequest, store: Store, role: str, member_id: int, action: Any
) -> HttpResponse:
    try:
        action()
    except NotFound:
        raise Http404("no such member") from None
    except WaslError as error:
        return _staff_page(request, store, role, errors={member_id: error_text(error)}, status=400)
    if not role_of(store=store, user=request.user):
        return redirect("console:home")  # they took themselves off the store
    return redirect("console:setup_staff", store_slug=store.slug)


@require_POST
@manager_view
def setup_staff_role_view(request: HttpRequest, store: Store, role: str, member_id: int) -> HttpResponse:
    form = RoleForm(request.POST, prefix=f"m{member_id}")
    if not form.is_valid():
        return _staff_page(request, store, role, errors={member_id: _("Choose a role.")}, status=400)

    def change() -> None:
        staff_role_set(
            store=store,
            acting_role=role,
            member_id=member_id,
            role=form.cleaned_data["role"],
            user=request.user,
        )
        messages.success(request, _("Role changed."))

    return _member_action(request, store, role, member_id, change)


@require_POST
@manager_view
def setup_staff_remove_view(request: HttpRequest, store: Store, role: str, member_id: int) -> HttpResponse:
    def remove() -> None:
        staff_remove(store=store, acting_role=role, member_id=member_id, user=request.user)
        messages.success(request, _("Member removed from the store."))

    return _member_action(request, store, role, member_id, remove)


# --- API keys ---


def _keys_page(
    request: HttpRequest,
    store: Store,
    *,
    form: ApiKeyForm | None = None,
    created: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "store": store,
        "section": "setup",
        "keys": store_api_keys(store=store),
        "form": form or ApiKeyForm(),
        "created": created,
        "changes": setup_changes(store=store, prefix="api_key."),
    }
    response = render(request, "console/setup_api_keys.html", context, status=status)
    if created:
        patch_cache_control(response, no_store=True)
    return response


@require_GET
@manager_view
def setup_api_keys_view(request: HttpRequest, store: Store, role: str) -> HttpResponse:
    return _keys_page(request, store)


@require_POST
@manager_view
def setup_api_key_create_view(request: HttpRequest, store: Store, role: str) -> HttpResponse:
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        try:
            _key, plaintext = store_api_key_create(
                store=store, name=form.cleaned_data["name"], user=request.user
            )
        except WaslError as error:
            form.add_error("name", error_text(error))
        else:
            return _keys_page(request, store, created=plaintext)
    return _keys_page(request, store, form=form, status=400)


@require_POST
@manager_view
def setup_api_key_revoke_view(request: HttpRequest, store: Store, role: str, key_id: int) -> HttpResponse:
    try:
        key = store_api_key_revoke(store=store, key_id=key_id, user=request.user)
    except NotFound:
        raise Http404("no such key") from None
    messages.success(request, _("Key %(prefix)s… revoked.") % {"prefix": key.prefix})
    return redirect("console:setup_api_keys", store_slug=store.slug)
