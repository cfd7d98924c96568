"""The Graph API stand-in served on 127.0.0.1 (ephemeral port), and a channel pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from wasl.fakeproviders.graph import GraphStandIn
from wasl.fakeproviders.graph_server import serve_in_thread
from wasl.messaging.channels.whatsapp.client import WhatsAppChannel

PHONE_NUMBER_ID = "1122334455667"
TOKEN = "EAAG-token-of-souq"
CLIENT_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class RunningGraph:
    standin: GraphStandIn
    url: str
    phone_number_id: str = PHONE_NUMBER_ID
    token: str = TOKEN


@pytest.fixture
def graph() -> Iterator[RunningGraph]:
    standin = GraphStandIn(token=TOKEN, timeout_sleep_s=2.0)
    running = serve_in_thread(standin)
    try:
        yield RunningGraph(standin, running.url)
    finally:
        standin.close()
        running.stop()


@pytest.fixture
def channel(graph: RunningGraph) -> Iterator[WhatsAppChannel]:
    whatsapp = WhatsAppChannel(
        phone_number_id=PHONE_NUMBER_ID, token=TOKEN, graph_url=graph.url, timeout_s=CLIENT_TIMEOUT_S
    )
    try:
        yield whatsapp
    finally:
        whatsapp.close()
