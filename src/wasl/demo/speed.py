"""How fast orders are generated: `python -m wasl.demo.speed --orders 100000` prints one JSON object."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime

from wasl.demo.generator import iter_orders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--market", default="SA")
    args = parser.parse_args(argv)
    now = datetime(2025, 6, 30, tzinfo=UTC)
    started = time.perf_counter()
    count = scans = 0
    for order in iter_orders(orders=args.orders, days=args.days, seed=args.seed, market=args.market, now=now):
        count += 1
        scans += len(order.events)
    seconds = time.perf_counter() - started
    result = {
        "orders": count,
        "scans": scans,
        "seconds": round(seconds, 2),
        "orders_per_second": round(count / seconds),
        "python": sys.version.split()[0],
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
