"""Results of a campaign (or of cart recovery, or of reminders): what was sent and what came of it.

sent/delivered/read come from the messages' statuses; clicked from the tracked links; replied is a buyer
message in the same conversation within the attribution window after ours (a quick-reply tap included);
opted out counts buyers who withdrew marketing consent after the message, and the messages Meta refused
because the buyer stopped marketing (131050); 131049 (Meta's own per-buyer marketing limit) is counted on
its own. Orders and revenue are those attributed to the touch (last touch, within the window).

Uplift uses the RTO interventions' method (`risk.holdout`): the conversion rate (an attributed order) of the
buyers assigned to receive the message against the randomly held-out ones, each with a 95% Wilson interval,
and Newcombe's interval for the difference. As assigned: a buyer whose message was skipped still counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from wasl.campaigns.models import Attribution, Campaign, Touch
from wasl.campaigns.store_settings import settings_for
from wasl.core.errors import NotFound
from wasl.messaging.models import Consent, Message, MessageDirection, MessageStatus
from wasl.risk.holdout import Interval, newcombe, wilson
from wasl.stores.models import Store

SENT = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ)
STOPPED_MARKETING = "131050"
MARKETING_LIMIT = "131049"


@dataclass(frozen=True)
class Results:
    recipients: int
    held_out: int
    queued: int
    skipped: int
    failed: int
    sent: int
    delivered: int
    read: int
    clicked: int
    replied: int
    opted_out: int
    marketing_limited: int
    orders: int
    revenue: Decimal
    currency: str
    cost: Decimal
    cost_currency: str
    converted_treated: int
    converted_holdout: int
    treated_rate: float | None
    holdout_rate: float | None
    uplift: float | None
    uplift_interval: Interval | None
    treated_interval: Interval | None
    holdout_interval: Interval | None

    @property
    def significant(self) -> bool:
        i = self.uplift_interval
        return i is not None and (i.low > 0 or i.high < 0)

    def as_dict(self) -> dict[str, object]:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        for name in ("uplift_interval", "treated_interval", "holdout_interval"):
            interval = data[name]
            data[name] = None if interval is None else [round(interval.low, 4), round(interval.high, 4)]  # type: ignore[attr-defined]
        data["revenue"], data["cost"] = str(self.revenue), str(self.cost)
        data["significant"] = self.significant
        return data


def touches_results(*, store: Store, touches: QuerySet[Touch]) -> Results:
    window = timedelta(hours=settings_for(store=store).attribution_window_h)
    treated = touches.filter(holdout=False)
    statuses = dict(
        treated.exclude(message=None)
        .values_list("message__status")
        .annotate(n=Count("id"))
        .values_list("message__status", "n")
    )
    replied = treated.filter(
        Exists(
            Message.objects.filter(
                conversation_id=OuterRef("message__conversation_id"),
                direction=MessageDirection.INBOUND,
                created_at__gt=OuterRef("message__sent_at"),
                created_at__lte=OuterRef("message__sent_at") + window,
            )
        )
    ).count()
    withdrew = treated.filter(
        Exists(
            Consent.objects.filter(
                store=store, phone=OuterRef("phone"), updated_at__gt=OuterRef("created_at")
            ).filter(Q(marketing_opt_in=False) | Q(transactional_opt_out=True))
        )
    )
    refused = treated.filter(message__error_code=STOPPED_MARKETING)
    opted_out = (withdrew | refused).distinct().count()
    attributed = Attribution.objects.filter(touch__in=touches)
    money = attributed.filter(holdout=False).aggregate(n=Count("id"), revenue=Sum("revenue"))
    currencies = list(attributed.filter(holdout=False).values_list("currency", flat=True).distinct()[:2])
    cost = treated.aggregate(cost=Sum("message__cost"))["cost"] or Decimal(0)
    cost_currencies = list(
        treated.exclude(message__currency="").values_list("message__currency", flat=True)[:1]
    )
    # One conversion per buyer assigned: the buyers, not the touches (recovery has several steps each).
    assigned_t = treated.values("phone").distinct().count()
    assigned_h = touches.filter(holdout=True).values("phone").distinct().count()
    conv_t = attributed.filter(holdout=False).values("touch__phone").distinct().count()
    conv_h = attributed.filter(holdout=True).values("touch__phone").distinct().count()
    rate_t = conv_t / assigned_t if assigned_t else None
    rate_h = conv_h / assigned_h if assigned_h else None
    both = assigned_t and assigned_h
    return Results(
        recipients=touches.count(),
        held_out=touches.filter(holdout=True).count(),
        queued=statuses.get(MessageStatus.QUEUED, 0) + statuses.get(MessageStatus.SENDING, 0),
        skipped=statuses.get(MessageStatus.SKIPPED, 0),
        failed=statuses.get(MessageStatus.FAILED, 0),
        sent=sum(statuses.get(s, 0) for s in SENT),
        delivered=statuses.get(MessageStatus.DELIVERED, 0) + statuses.get(MessageStatus.READ, 0),
        read=statuses.get(MessageStatus.READ, 0),
        clicked=treated.filter(clicked_at__isnull=False).count(),
        replied=replied,
        opted_out=opted_out,
        marketing_limited=treated.filter(message__error_code=MARKETING_LIMIT).count(),
        orders=money["n"] or 0,
        revenue=money["revenue"] or Decimal(0),
        currency=currencies[0] if len(currencies) == 1 else ("" if not currencies else "mixed"),
        cost=cost,
        cost_currency=cost_currencies[0] if cost_currencies else "",
        converted_treated=conv_t,
        converted_holdout=conv_h,
        treated_rate=rate_t,
        holdout_rate=rate_h,
        uplift=(rate_t - rate_h) if rate_t is not None and rate_h is not None else None,
        uplift_interval=newcombe(conv_t, assigned_t, conv_h, assigned_h) if both else None,
        treated_interval=wilson(conv_t, assigned_t) if assigned_t else None,
        holdout_interval=wilson(conv_h, assigned_h) if assigned_h else None,
    )


def campaign_get(*, store: Store, campaign_id: int) -> Campaign:
    campaign = Campaign.objects.filter(store=store, pk=campaign_id).select_related("store", "product").first()
    if campaign is None:
        raise NotFound(f"no campaign {campaign_id} in this store", code="campaign_not_found")
    return campaign


def campaign_list(*, store: Store, status: str = "") -> QuerySet[Campaign]:
    campaigns = Campaign.objects.filter(store=store)
    if status:
        campaigns = campaigns.filter(status=status)
    return campaigns.annotate(recipients=Count("touches")).order_by("-pk")


def campaign_results(*, campaign: Campaign) -> Results:
    return touches_results(store=campaign.store, touches=Touch.objects.filter(campaign=campaign))


def program_results(*, store: Store, kind: str) -> Results:
    """Cart recovery or payment reminders as a whole."""
    return touches_results(store=store, touches=Touch.objects.filter(store=store, kind=kind, campaign=None))


def message_touch_counts(*, store: Store) -> dict[str, int]:
    rows = Touch.objects.filter(store=store).values("kind").annotate(n=Count("id"))
    return {row["kind"]: row["n"] for row in rows}
