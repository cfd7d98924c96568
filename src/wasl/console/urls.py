from django.urls import include, path, register_converter

from wasl.console import (
    views,
    views_inbox,
    views_ndr,
    views_orders,
    views_policy,
    views_sandbox,
    views_settings,
)

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


class ChannelName:
    """One of the channels a store sets up."""

    regex = "whatsapp|sms|email"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RowId, "rowid")
register_converter(Phone, "phone")
register_converter(ChannelName, "channel")

STORE = "<slug:store_slug>/"
CONVERSATION = STORE + "conversations/<rowid:conversation_id>/"
PHONE = STORE + "sandbox/<phone:phone>/"
CHANNEL = STORE + "settings/<channel:channel>/"
NDR = STORE + "ndr/"
ORDER = STORE + "orders/<rowid:order_id>/"
VERIFICATION = ORDER + "verifications/<rowid:verification_id>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("wasl.console.urls_ops")),
    path("", include("wasl.console.urls_analytics")),
    path("", include("wasl.console.urls_carriers")),
    path("", include("wasl.console.urls_campaigns")),
    path("", include("wasl.console.urls_branding")),
    path("", include("wasl.console.urls_setup")),
    path(STORE, views_inbox.inbox_view, name="inbox"),
    path(STORE + "requests/<rowid:event_id>/done/", views_inbox.request_done_view, name="request_done"),
    path(CONVERSATION, views_inbox.conversation_view, name="conversation"),
    path(CONVERSATION + "reply/", views_inbox.reply_view, name="reply"),
    path(CONVERSATION + "template/", views_inbox.template_view, name="template"),
    path(CONVERSATION + "take/", views_inbox.take_view, name="take"),
    path(CONVERSATION + "close/", views_inbox.close_view, name="close"),
    path(NDR, views_ndr.ndr_view, name="ndr"),
    path(NDR + "<rowid:case_id>/answer/", views_ndr.ndr_answer_view, name="ndr_answer"),
    path(NDR + "<rowid:case_id>/escalate/", views_ndr.ndr_escalate_view, name="ndr_escalate"),
    path(NDR + "<rowid:case_id>/close/", views_ndr.ndr_close_view, name="ndr_close"),
    path(NDR + "instructions/<rowid:instruction_id>/mark/", views_ndr.ndr_mark_view, name="ndr_mark"),
    path(NDR + "export/", views_ndr.ndr_export_view, name="ndr_export"),
    path(NDR + "settings/", views_ndr.ndr_settings_view, name="ndr_settings"),
    path(STORE + "sandbox/", views_sandbox.sandbox_list_view, name="sandbox"),
    path(PHONE, views_sandbox.sandbox_phone_view, name="sandbox_phone"),
    path(PHONE + "say/", views_sandbox.sandbox_say_view, name="sandbox_say"),
    path(PHONE + "tap/", views_sandbox.sandbox_tap_view, name="sandbox_tap"),
    path(PHONE + "location/", views_sandbox.sandbox_location_view, name="sandbox_location"),
    path(PHONE + "remove/", views_sandbox.sandbox_remove_view, name="sandbox_remove"),
    path(STORE + "settings/", views_settings.settings_view, name="settings"),
    path(CHANNEL, views_settings.settings_save_view, name="settings_save"),
    path(CHANNEL + "test/", views_settings.settings_test_view, name="settings_test"),
    path(STORE + "orders/", views_orders.orders_view, name="orders"),
    path(ORDER, views_orders.order_view, name="order"),
    path(ORDER + "approve/", views_orders.order_approve_view, name="order_approve"),
    path(ORDER + "cancel/", views_orders.order_cancel_view, name="order_cancel"),
    path(VERIFICATION + "resend/", views_orders.verification_resend_view, name="verification_resend"),
    path(VERIFICATION + "verified/", views_orders.verification_verified_view, name="verification_verified"),
    path(STORE + "policy/", views_policy.policy_view, name="policy"),
    path(
        STORE + "policy/<rowid:version>/activate/", views_policy.policy_activate_view, name="policy_activate"
    ),
]
