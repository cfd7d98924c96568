"""The Graph API stand-in served on 127.0.0.1 (ephemeral port), and a channel pointed at it.

This folder goes on sys.path so tests import the realdata expectation tables (`whatsapp_expect*.py`) by name.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from wasl.fakeproviders.graph import GraphStandIn
from wasl.fakeproviders.graph_server import serve_in_thread
from wasl.messaging.channels.whatsapp.client import WhatsAppChannel

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

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
