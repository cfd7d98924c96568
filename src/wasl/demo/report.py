"""Print the calibration figures of a generated shop: `python -m wasl.demo.report --orders 20000 --seed 7`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from wasl.demo.generator import iter_orders
from wasl.demo.measure import Calibration, measure

DOCS_ANCHOR = datetime(2025, 6, 30, tzinfo=UTC)  # the `now` the figures in docs/demo-data.md were measured at
MIN_CITY_ORDERS = 300


def figures_as_dict(figures: Calibration) -> dict[str, object]:
    def pct(value: float) -> float:
        return round(100 * value, 1)

    return {
        "orders": figures.orders,
        "cod_share_pct": pct(figures.cod.rate),
        "cancelled_pct": pct(figures.cancelled.rate),
        "rto_cod_pct": pct(figures.rto_cod.rate),
        "rto_prepaid_pct": pct(figures.rto_prepaid.rate),
        "rto_that_is_cod_pct": pct(figures.rto_is_cod.rate),
        "ndr_pct": pct(figures.ndr.rate),
        "refused_of_cod_rto_pct": pct(figures.refused_cod.rate),
        "refused_of_prepaid_rto_pct": pct(figures.refused_prepaid.rate),
        "returned_of_delivered_pct": pct(figures.returned.rate),
        "lost_pct": pct(figures.lost.rate),
        "in_flight_orders": figures.in_flight,
        "rto_cod_by_days_pct": {
            bucket: {"rate": pct(tally.rate), "orders": tally.total}
            for bucket, tally in sorted(figures.rto_cod_by_days.items())
        },
        "rto_cod_by_city_pct": {
            city: {"rate": pct(tally.rate), "orders": tally.total}
            for city, tally in sorted(figures.rto_cod_by_city.items(), key=lambda item: -item[1].total)
        },
        "city_rto_range_pct": [
            pct(min(figures.city_rates(min_orders=MIN_CITY_ORDERS).values(), default=0.0)),
            pct(max(figures.city_rates(min_orders=MIN_CITY_ORDERS).values(), default=0.0)),
        ],
        "channels": dict(figures.channels.most_common()),
        "carriers": dict(figures.carriers.most_common()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--market", default="SA")
    parser.add_argument(
        "--now", type=datetime.fromisoformat, default=DOCS_ANCHOR, help="ISO date the data ends at"
    )
    args = parser.parse_args(argv)
    now = args.now if args.now.tzinfo else args.now.replace(tzinfo=UTC)
    orders = iter_orders(orders=args.orders, days=args.days, seed=args.seed, market=args.market, now=now)
    json.dump(figures_as_dict(measure(orders, now=now)), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
