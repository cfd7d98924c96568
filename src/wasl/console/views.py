"""The console's front door: sign in and out, pick a store."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wasl.console.access import LOGIN_URL, stores_of


class LoginView(auth_views.LoginView):
    template_name = "console/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return "/console/"


class LogoutView(auth_views.LogoutView):
    next_page = "console:login"


@login_required(login_url=LOGIN_URL)
def home(request: HttpRequest) -> HttpResponse:
    """Straight to the inbox of one's only store; a choice when there are several."""
    stores = stores_of(request.user)
    if len(stores) == 1:
        return redirect("console:inbox", store_slug=stores[0].slug)
    return render(request, "console/stores.html", {"stores": stores})
