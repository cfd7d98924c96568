"""Reads for risk: the store's settings, whether it has enough history, and the model in service."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from wasl.orders.models import Order, OrderStatus
from wasl.risk.artefact import RiskArtefact, load
from wasl.risk.lookups import FINISHED
from wasl.risk.models import ModelState, RiskModel, RiskSettings
from wasl.stores.models import Store


@dataclass(frozen=True)
class Bands:
    medium_from: float
    high_from: float

    def band(self, score: float) -> str:
        return "high" if score >= self.high_from else "medium" if score >= self.medium_from else "low"


_SETTINGS_TTL_S = 30.0
_settings_cache: dict[int, tuple[float, RiskSettings]] = {}


def risk_settings(store: Store) -> RiskSettings:
    """The store's row, or an unsaved one with the defaults (read again after 30 s, or at once after a change)."""
    now = time.monotonic()
    cached = _settings_cache.get(store.pk)
    if cached is not None and now - cached[0] < _SETTINGS_TTL_S:
        return cached[1]
    row = RiskSettings.objects.filter(store=store).first() or RiskSettings(store=store)
    _settings_cache[store.pk] = (now, row)
    return row


def bands_for(store: Store) -> Bands:
    row = risk_settings(store)
    return Bands(row.medium_from, row.high_from)


@dataclass(frozen=True)
class Readiness:
    ready: bool
    finished: int
    rtos: int
    min_finished: int
    min_rtos: int

    @property
    def message(self) -> str:
        text = (
            f"{self.finished} finished orders with {self.rtos} returns to origin; a model needs at least "
            f"{self.min_finished} with {self.min_rtos}"
        )
        return text if self.ready else text + " (the rules serve until then)"


def readiness(store: Store, *, finished: int | None = None, rtos: int | None = None) -> Readiness:
    row = risk_settings(store)
    min_finished = row.min_finished_orders or settings.WASL_RISK_MIN_FINISHED_ORDERS
    min_rtos = row.min_rtos or settings.WASL_RISK_MIN_RTOS
    if finished is None or rtos is None:
        counts = Order.objects.filter(store=store, status__in=FINISHED).aggregate(
            finished=Count("id"), rtos=Count("id", filter=Q(status=OrderStatus.RTO))
        )
        finished, rtos = counts["finished"], counts["rtos"]
    return Readiness(finished >= min_finished and rtos >= min_rtos, finished, rtos, min_finished, min_rtos)


def active_model_row(store: Store) -> RiskModel | None:
    return RiskModel.objects.filter(store=store, state=ModelState.ACTIVE).first()


@dataclass(frozen=True)
class InService:
    version: int
    checksum: str
    artefact: RiskArtefact

    @property
    def key(self) -> tuple[int, str]:
        return self.version, self.checksum


_CHECK_EVERY_S = 5.0
_cache: dict[int, tuple[float, InService | None]] = {}
_cache_lock = threading.Lock()


def model_in_service(store: Store) -> InService | None:
    """The store's active model, loaded once per process.

    Which model is active is read again every few seconds (at once in the process that activates one), so
    scoring an order costs no query for it; a newly activated model is loaded when first needed.
    """
    now = time.monotonic()
    cached = _cache.get(store.pk)
    if cached is not None and now - cached[0] < _CHECK_EVERY_S:
        return cached[1]
    current = (
        RiskModel.objects.filter(store=store, state=ModelState.ACTIVE)
        .values_list("version", "checksum")
        .first()
    )
    service: InService | None = None
    if current is not None:
        version, checksum = current
        if cached is not None and cached[1] is not None and cached[1].key == (version, checksum):
            service = cached[1]
        else:
            with _cache_lock:
                row = RiskModel.objects.only("artefact", "checksum").get(store=store, version=version)
                service = InService(version, row.checksum, load(bytes(row.artefact), row.checksum))
    _cache[store.pk] = (now, service)
    return service


def clear_caches(store_id: int | None = None) -> None:
    """Forget what was read (all stores, or one): after a change of model or settings in this process."""
    for cache in (_cache, _settings_cache):
        if store_id is None:
            cache.clear()
        else:
            cache.pop(store_id, None)
