"""Fixtures for the analytics tests: builders of orders with their parcels, returns, refunds and messages."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
for folder in (TESTS / "analytics", TESTS / "console", TESTS / "messaging"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
