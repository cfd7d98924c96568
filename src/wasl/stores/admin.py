from __future__ import annotations

from django.contrib import admin

from wasl.stores.models import ApiKey, IntegrationSecret, SettingChange, Store, StoreMember


class StoreMemberInline(admin.TabularInline):
    model = StoreMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country", "currency", "language", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [StoreMemberInline]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are created with `wasl createstore` or the console; here they can only be read and revoked."""

    list_display = ["name", "store", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["store"]
    readonly_fields = ["store", "name", "prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(IntegrationSecret)
class IntegrationSecretAdmin(admin.ModelAdmin):
    list_display = ["key", "store", "hint", "updated_at"]
    list_filter = ["store"]
    exclude = ["encrypted_value"]
    readonly_fields = ["store", "key", "hint", "updated_at"]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(SettingChange)
class SettingChangeAdmin(admin.ModelAdmin):
    """The audit trail of integration settings: read only, as a trail should be."""

    list_display = ["at", "store", "key", "action", "actor", "source"]
    list_filter = ["store", "action", "source"]
    search_fields = ["key", "actor"]
    readonly_fields = ["store", "key", "action", "user", "actor", "source", "at"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
