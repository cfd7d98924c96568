"""Console pages of one area, included by wasl.console.urls under the console namespace: the settings index
and the setup pages (message texts, notification rules, returns policy and tiers, staff, API keys)."""

from django.urls import path, register_converter

from wasl.console import (
    views_setup_index,
    views_setup_returns,
    views_setup_rules,
    views_setup_staff,
    views_setup_templates,
)


class SetupEvent:
    """An event name such as shipment.out_for_delivery."""

    regex = r"[a-z_]+\.[a-z_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SetupLanguage:
    """A language buyers read: ar, fr or en."""

    regex = "ar|fr|en"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SetupRowId:
    """A database id, digits only, that fits a 64-bit column."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(SetupEvent, "setup_event")
register_converter(SetupLanguage, "setup_language")
register_converter(SetupRowId, "setup_id")

SETUP = "<slug:store_slug>/setup/"
TEMPLATE = SETUP + "templates/<setup_event:event>/<setup_language:language>/"
STAFF = SETUP + "staff/"
KEYS = SETUP + "api-keys/"
RETURNS = SETUP + "returns/"

urlpatterns = [
    path(SETUP, views_setup_index.setup_index_view, name="setup"),
    path(SETUP + "templates/", views_setup_templates.setup_templates_view, name="setup_templates"),
    path(TEMPLATE, views_setup_templates.setup_template_view, name="setup_template"),
    path(TEMPLATE + "reset/", views_setup_templates.setup_template_reset_view, name="setup_template_reset"),
    path(SETUP + "rules/", views_setup_rules.setup_rules_view, name="setup_rules"),
    path(
        SETUP + "rules/<setup_event:event>/", views_setup_rules.setup_rule_save_view, name="setup_rule_save"
    ),
    path(RETURNS, views_setup_returns.setup_returns_view, name="setup_returns"),
    path(RETURNS + "policy/", views_setup_returns.setup_returns_policy_view, name="setup_returns_policy"),
    path(
        RETURNS + "versions/<setup_id:version>/restore/",
        views_setup_returns.setup_returns_restore_view,
        name="setup_returns_restore",
    ),
    path(
        RETURNS + "versions/<setup_id:version>/replay/",
        views_setup_returns.setup_returns_replay_view,
        name="setup_returns_replay",
    ),
    path(RETURNS + "tiers/", views_setup_returns.setup_tiers_view, name="setup_tiers"),
    path(STAFF, views_setup_staff.setup_staff_view, name="setup_staff"),
    path(STAFF + "invite/", views_setup_staff.setup_staff_invite_view, name="setup_staff_invite"),
    path(STAFF + "add/", views_setup_staff.setup_staff_add_view, name="setup_staff_add"),
    path(
        STAFF + "<setup_id:member_id>/role/", views_setup_staff.setup_staff_role_view, name="setup_staff_role"
    ),
    path(
        STAFF + "<setup_id:member_id>/remove/",
        views_setup_staff.setup_staff_remove_view,
        name="setup_staff_remove",
    ),
    path(KEYS, views_setup_staff.setup_api_keys_view, name="setup_api_keys"),
    path(KEYS + "new/", views_setup_staff.setup_api_key_create_view, name="setup_api_key_create"),
    path(
        KEYS + "<setup_id:key_id>/revoke/",
        views_setup_staff.setup_api_key_revoke_view,
        name="setup_api_key_revoke",
    ),
]
