"""Settings, all read from the environment (see the README's configuration reference)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("WASL_DATA_DIR", Path.cwd() / "data")).resolve()


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """An explicit key wins; otherwise one is generated once and kept in the data folder."""
    if key := os.environ.get("WASL_SECRET_KEY"):
        return key
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("WASL_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("WASL_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("WASL_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
WASL_PUBLIC_URL = os.environ.get("WASL_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "wasl.core",
    "wasl.stores",
    "wasl.orders",
    "wasl.shipping",
    "wasl.webhooks",
    "wasl.messaging",
    "wasl.risk",
    "wasl.payments",
    "wasl.returns",
    "wasl.analytics",
    "wasl.campaigns",
    "wasl.portal",
    "wasl.console",
    "wasl.fakeproviders",
    "wasl.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "wasl.config.urls"
WSGI_APPLICATION = "wasl.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

SQLITE_PATH = DATA_DIR / "wasl.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web process read while the worker writes; IMMEDIATE avoids lock upgrades that deadlock.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory, so that worker subprocesses started by tests see the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("ar", "العربية"), ("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"

# Bodies up to 20 MB: a batch of 1,000 tracking events is well under that.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Outbound webhooks: how often a failing endpoint is retried before it is disabled.
WASL_OUTBOUND_MAX_ATTEMPTS = int(os.environ.get("WASL_OUTBOUND_MAX_ATTEMPTS", "8"))
WASL_OUTBOUND_DISABLE_AFTER = int(os.environ.get("WASL_OUTBOUND_DISABLE_AFTER", "20"))
WASL_OUTBOUND_TIMEOUT_S = float(os.environ.get("WASL_OUTBOUND_TIMEOUT_S", "10"))
# Worker lease: a running task whose worker has not been seen for this long is given back to the queue.
WASL_WORKER_LEASE_S = float(os.environ.get("WASL_WORKER_LEASE_S", "30"))

# Messaging. Provider hosts (a store may point its own elsewhere with whatsapp.graph_url / sms.base_url).
WASL_WHATSAPP_GRAPH_URL = os.environ.get("WASL_WHATSAPP_GRAPH_URL", "https://graph.facebook.com")
WASL_SMS_BASE_URL = os.environ.get("WASL_SMS_BASE_URL", "https://api.twilio.com")
WASL_SEND_TIMEOUT_S = float(os.environ.get("WASL_SEND_TIMEOUT_S", "10"))
# Payment providers (Stripe, Razorpay): seconds before a call is given up as an outage (and retried).
WASL_PAYMENTS_TIMEOUT_S = float(os.environ.get("WASL_PAYMENTS_TIMEOUT_S", "10"))
# Messages per second per sender (a store may set its own with whatsapp.rate_per_s / sms.rate_per_s).
WASL_WHATSAPP_RATE_PER_S = float(os.environ.get("WASL_WHATSAPP_RATE_PER_S", "80"))
WASL_SMS_RATE_PER_S = float(os.environ.get("WASL_SMS_RATE_PER_S", "10"))
# How late after its slot a message may reach the provider; the limiter spaces slots to absorb it.
WASL_SEND_JITTER_S = float(os.environ.get("WASL_SEND_JITTER_S", "0.05"))
WASL_SEND_MAX_ATTEMPTS = int(os.environ.get("WASL_SEND_MAX_ATTEMPTS", "8"))
WASL_SEND_RETRY_BASE_S = float(os.environ.get("WASL_SEND_RETRY_BASE_S", "2"))
WASL_SEND_RETRY_CAP_S = float(os.environ.get("WASL_SEND_RETRY_CAP_S", "300"))
# A message still "sending" this long after its claim, with no status webhook, is sent again.
WASL_SEND_RECONCILE_AFTER_S = float(os.environ.get("WASL_SEND_RECONCILE_AFTER_S", "600"))
WASL_SEND_RECONCILE_EVERY_S = float(os.environ.get("WASL_SEND_RECONCILE_EVERY_S", "60"))
# Notifications: channel order without a store rule, quiet hours (buyer's local time), daily cap, age limit.
WASL_NOTIFY_CHANNELS = os.environ.get("WASL_NOTIFY_CHANNELS", "whatsapp,sms")
WASL_QUIET_HOURS = os.environ.get("WASL_QUIET_HOURS", "22:00-08:00")
WASL_NOTIFY_MAX_PER_DAY = int(os.environ.get("WASL_NOTIFY_MAX_PER_DAY", "4"))
WASL_NOTIFY_MAX_AGE_H = float(os.environ.get("WASL_NOTIFY_MAX_AGE_H", "48"))
# RTO risk: the store's own model serves once it has this much finished history (a store may set its own);
# orders placed longer ago than the age limit are not scored on arrival (an import of old orders).
WASL_RISK_MIN_FINISHED_ORDERS = int(os.environ.get("WASL_RISK_MIN_FINISHED_ORDERS", "500"))
WASL_RISK_MIN_RTOS = int(os.environ.get("WASL_RISK_MIN_RTOS", "30"))
WASL_RISK_SCORE_MAX_AGE_H = float(os.environ.get("WASL_RISK_SCORE_MAX_AGE_H", "72"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("WASL_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
