from django.urls import include, path, register_converter

from wasl.console import views, views_inbox, views_sandbox

app_name = "console"


class RowId:
    """A database id: digits, at most 18 of them, so that it always fits a 64-bit column."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class Phone:
    """An E.164 phone number, the only form test numbers are kept in."""

    regex = r"\+[0-9]{6,15}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RowId, "rowid")
register_converter(Phone, "phone")

STORE = "<slug:store_slug>/"
CONVERSATION = STORE + "conversations/<rowid:conversation_id>/"
PHONE = STORE + "sandbox/<phone:phone>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(STORE, views_inbox.inbox_view, name="inbox"),
    path(STORE + "requests/<rowid:event_id>/done/", views_inbox.request_done_view, name="request_done"),
    path(CONVERSATION, views_inbox.conversation_view, name="conversation"),
    path(CONVERSATION + "reply/", views_inbox.reply_view, name="reply"),
    path(CONVERSATION + "template/", views_inbox.template_view, name="template"),
    path(CONVERSATION + "take/", views_inbox.take_view, name="take"),
    path(CONVERSATION + "close/", views_inbox.close_view, name="close"),
    path(STORE + "sandbox/", views_sandbox.sandbox_list_view, name="sandbox"),
    path(PHONE, views_sandbox.sandbox_phone_view, name="sandbox_phone"),
    path(PHONE + "say/", views_sandbox.sandbox_say_view, name="sandbox_say"),
    path(PHONE + "tap/", views_sandbox.sandbox_tap_view, name="sandbox_tap"),
    path(PHONE + "location/", views_sandbox.sandbox_location_view, name="sandbox_location"),
    path(PHONE + "remove/", views_sandbox.sandbox_remove_view, name="sandbox_remove"),
]
