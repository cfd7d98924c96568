"""Merchants (the tenant), their staff, API keys and integration secrets."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class Store(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217"))
    language = models.CharField(_("default language"), max_length=2, choices=Language.choices)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    logo_url = models.URLField(_("logo URL"), blank=True)
    primary_color = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#0f766e",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #0f766e."))],
    )
    # Shown to buyers on the store's pages (tracking, returns) as the way to reach a person.
    support_phone = models.CharField(_("support phone"), max_length=20, blank=True, help_text=_("E.164"))
    support_email = models.EmailField(_("support e-mail"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.slug})"


class StaffRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    AGENT = "agent", _("Agent")


class StoreMember(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="store_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=StaffRole.choices, default=StaffRole.AGENT)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [models.UniqueConstraint(fields=["store", "user"], name="store_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.store.slug}"


class ApiKey(models.Model):
    """Only a hash of the key is kept; the key itself is shown once, when it is created."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IntegrationSecret(models.Model):
    """A secret a source signs its webhooks with (or any other credential), encrypted at rest."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="secrets")
    key = models.CharField(_("key"), max_length=100, help_text=_("e.g. shopify.webhook_secret"))
    encrypted_value = models.TextField()
    hint = models.CharField(
        _("hint"), max_length=16, blank=True, help_text=_("last characters, for recognition")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("integration secret")
        verbose_name_plural = _("integration secrets")
        constraints = [models.UniqueConstraint(fields=["store", "key"], name="integration_secret_unique")]

    def __str__(self) -> str:
        return f"{self.key} (…{self.hint})"


class SettingAction(models.TextChoices):
    SET = "set", _("Set")
    CLEARED = "cleared", _("Cleared")


class SettingChange(models.Model):
    """Who changed which integration setting, when and from where: the audit trail. Never the value."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="setting_changes")
    key = models.CharField(_("key"), max_length=100)
    action = models.CharField(_("action"), max_length=16, choices=SettingAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text so the trail still names them after a user is deleted, and names tools too.
    actor = models.CharField(_("by"), max_length=150, blank=True)
    source = models.CharField(_("from"), max_length=40, blank=True, help_text=_("console, command, demo"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("setting change")
        verbose_name_plural = _("setting changes")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["store", "-at"], name="setting_change_store_at")]

    def __str__(self) -> str:
        return f"{self.key} {self.action} by {self.actor or '?'}"
