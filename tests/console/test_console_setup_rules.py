"""Notification rules: on or off, channels in order, delay and quiet hours per event; saved exactly, read by
messaging when it plans a notification, refused with a clear error when they make no sense."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from console_helpers import member
from messaging_helpers import SMS_SETTINGS, WHATSAPP_SETTINGS

from factories import order_data
from wasl.console.models import NotificationTiming
from wasl.messaging import events as ev
from wasl.messaging.models import Message, NotificationRule
from wasl.messaging.notify import EventRef, notifications_create
from wasl.messaging.selectors import RuleInForce, rule_for
from wasl.orders.services import order_upsert
from wasl.orders.types import CustomerData
from wasl.shipping.services import shipment_create, tracking_updates_ingest
from wasl.shipping.types import TrackingUpdate
from wasl.stores.models import SettingChange
from wasl.stores.services import secret_set

pytestmark = pytest.mark.django_db

PAGE = "/console/souq-test/setup/rules/"
OUT = PAGE + "shipment.out_for_delivery/"
RIYADH = ZoneInfo("Asia/Riyadh")


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WASL_QUIET_HOURS = "22:00-08:00"
    settings.WASL_NOTIFY_CHANNELS = "whatsapp,sms"


@pytest.fixture
def manager(client, store):  # type: ignore[no-untyped-def]
    client.force_login(member(store, "mona", role="manager"))
    return client


def form(prefix: str = "shipment-out_for_delivery", **values: str) -> dict[str, str]:
    fields = {"enabled": "on", "first": "sms", "second": "whatsapp", "third": "", "delay_minutes": "30"}
    fields |= {"quiet_mode": "custom", "quiet_start": "21:30", "quiet_end": "07:00"}
    fields |= values
    return {f"{prefix}-{k}": v for k, v in fields.items() if v is not None}


def trail() -> list[tuple[str, str, str, str]]:
    return list(SettingChange.objects.order_by("id").values_list("key", "action", "actor", "source"))


def test_given_no_rule_when_the_page_is_read_then_every_event_shows_the_defaults(manager, store) -> None:
    page = manager.get(PAGE).content.decode()

    assert page.count('<span class="badge ok">On</span>') == 14  # 7 order/parcel, 5 returns, NDR, review
    assert page.count('name="shipment-out_for_delivery-delay_minutes"') == 1
    assert 'name="return-approved-delay_minutes"' not in page  # timed by its own flow
    assert rule_for(store_id=store.pk, event=ev.OUT_FOR_DELIVERY) == RuleInForce(True, ("whatsapp", "sms"))


def test_when_a_rule_is_saved_then_its_rows_hold_exactly_the_form_and_rule_for_reads_them(
    manager, store
) -> None:
    answer = manager.post(OUT, form())

    assert (answer.status_code, answer["Location"]) == (302, PAGE + "#shipment-out_for_delivery")
    rule = NotificationRule.objects.get()
    timing = NotificationTiming.objects.get()
    assert (rule.store_id, rule.event, rule.enabled, rule.channels) == (
        store.pk,
        "shipment.out_for_delivery",
        True,
        ["sms", "whatsapp"],
    )
    assert (timing.store_id, timing.event, timing.delay_minutes, timing.quiet_hours) == (
        store.pk,
        "shipment.out_for_delivery",
        30,
        "21:30-07:00",
    )
    assert rule_for(store_id=store.pk, event=ev.OUT_FOR_DELIVERY) == RuleInForce(
        True, ("sms", "whatsapp"), timedelta(minutes=30), "21:30-07:00"
    )
    assert trail() == [("rule.shipment.out_for_delivery", "set", "mona", "console")]


def test_switched_off_with_no_quiet_hours_and_three_channels(manager, store) -> None:
    manager.post(OUT, form(enabled="", first="email", second="sms", third="whatsapp", quiet_mode="off"))

    assert rule_for(store_id=store.pk, event=ev.OUT_FOR_DELIVERY) == RuleInForce(
        False, ("email", "sms", "whatsapp"), timedelta(minutes=30), "off"
    )


def test_the_usual_quiet_hours_are_stored_as_empty(manager, store) -> None:
    manager.post(OUT, form(quiet_mode="default", delay_minutes="0"))

    assert NotificationTiming.objects.get().quiet_hours == ""
    assert rule_for(store_id=store.pk, event=ev.OUT_FOR_DELIVERY).quiet_hours is None


def test_a_return_rule_keeps_channels_and_switch_only(manager, store) -> None:
    answer = manager.post(PAGE + "return.approved/", form("return-approved", first="whatsapp", second=""))

    assert answer.status_code == 302
    assert NotificationRule.objects.get().channels == ["whatsapp"]
    assert NotificationTiming.objects.count() == 0


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"second": "sms"}, "Each channel may come once only."),
        ({"delay_minutes": "10081"}, "Ensure this value is less than or equal to 10080."),
        ({"delay_minutes": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"quiet_end": ""}, "Give the start and end of the quiet hours."),
        ({"quiet_end": "21:30"}, "The quiet hours must end at another time than they start."),
        ({"quiet_start": "25:00"}, "Enter a valid time."),
        ({"first": "telegram"}, "Select a valid choice. telegram is not one of the available choices."),
    ],
)
def test_bad_rules_are_form_errors_and_nothing_is_saved(manager, store, values, error: str) -> None:
    answer = manager.post(OUT, form(**values))

    assert answer.status_code == 400
    assert error in answer.content.decode()
    assert (NotificationRule.objects.count(), NotificationTiming.objects.count(), trail()) == (0, 0, [])


def test_an_unknown_event_is_404_and_the_page_takes_no_get(manager, store) -> None:
    assert manager.post(PAGE + "shipment.teleported/", form()).status_code == 404
    assert manager.post(PAGE + "ndr.reminder/", form()).status_code == 404  # follows ndr.ask
    assert manager.get(OUT).status_code == 405


def test_agents_get_403_and_other_stores_404(client, console, store, other_store) -> None:
    assert console.post(OUT, form()).status_code == 403
    client.force_login(member(other_store, "nour", role="owner"))
    assert client.post(OUT, form()).status_code == 404
    assert NotificationRule.objects.count() == 0


def test_given_a_delay_when_a_parcel_goes_out_then_the_message_waits_for_it_outside_quiet_hours(
    manager, store
) -> None:
    for key, value in {**WHATSAPP_SETTINGS, **SMS_SETTINGS}.items():
        secret_set(store=store, key=key, value=value)
    manager.post(OUT, form(first="whatsapp", second="sms", delay_minutes="45"))
    now = datetime.now(UTC).replace(hour=17, minute=50, second=0, microsecond=0)  # 20:50 in Riyadh
    placed = order_upsert(
        store=store,
        data=order_data("77", placed_at=now, customer=CustomerData(name="Sara", phone="+966501234567")),
    ).order
    shipment, _ = shipment_create(store=store, tracking_number="AWB77", carrier="aramex", order=placed)
    update = TrackingUpdate("AWB77", "aramex", "out_for_delivery", now, raw_code="ofd", dedupe_key="77-ofd")
    tracking_updates_ingest(store=store, updates=[update])

    outcome = notifications_create(
        store_id=store.pk, refs=[EventRef("shipment", shipment.pk, ev.OUT_FOR_DELIVERY, 1)], now=now
    )

    message = Message.objects.get()
    assert outcome == {"held": 1}
    # 20:50 + 45 min is 21:35, inside the store's quiet hours from 21:30: held until 07:00 the next morning.
    tomorrow = (now.astimezone(RIYADH) + timedelta(days=1)).date()
    assert message.not_before == datetime(tomorrow.year, tomorrow.month, tomorrow.day, 7, 0, tzinfo=RIYADH)


def test_given_no_quiet_hours_the_delay_alone_holds_the_message() -> None:
    now = datetime(2026, 5, 4, 20, 0, tzinfo=UTC)
    rule = RuleInForce(True, ("whatsapp",), timedelta(minutes=15), "off")

    assert rule.not_before(now, RIYADH) == now + timedelta(minutes=15)
    assert RuleInForce(True, ("whatsapp",)).not_before(now.replace(hour=9), RIYADH) is None
    assert RuleInForce(True, ("email",), timedelta(minutes=5)).not_before(
        now, RIYADH, quiet=False
    ) == now + timedelta(minutes=5)
