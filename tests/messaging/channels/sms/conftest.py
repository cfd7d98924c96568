"""The SMS stand-in served on 127.0.0.1 and an ephemeral port, with one account."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from wasl.fakeproviders.graph_server import serve_in_thread
from wasl.fakeproviders.sms import SmsStandIn

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "token-of-souq"


@dataclass(frozen=True)
class RunningStandIn:
    standin: SmsStandIn
    url: str


@pytest.fixture
def sms_provider() -> Iterator[RunningStandIn]:
    standin = SmsStandIn(accounts={ACCOUNT_SID: AUTH_TOKEN}, hang_s=5.0)
    running = serve_in_thread(standin)
    try:
        yield RunningStandIn(standin, running.url)
    finally:
        standin.close()
        running.stop()
