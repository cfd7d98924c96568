"""One local HTTP server in front of the provider stand-ins: Meta's Graph API, Twilio's Messages API, Stripe
and Razorpay.

Paths are routed as the real hosts would see them, so a store only needs its base URL pointed here:
`/v<major>.<minor>/...` and `/_control/graph/...` go to the Graph stand-in, `/2010-04-01/...` and
`/_control/sms/...` to the SMS stand-in, `/stripe/...` and `/_control/stripe/...` to the Stripe stand-in
(stripe.api_base = <base>/stripe), `/razorpay/...` and `/_control/razorpay/...` to the Razorpay stand-in
(razorpay.base_url = <base>/razorpay), and `GET /_control/health` answers `{"status": "ok"}`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from wasl.fakeproviders.graph import GraphStandIn
from wasl.fakeproviders.graph_server import ThreadingWSGIServer, make_server
from wasl.fakeproviders.razorpay import RazorpayStandIn
from wasl.fakeproviders.sms import SmsStandIn
from wasl.fakeproviders.stripe import StripeStandIn

_GRAPH = re.compile(r"^/(v\d+\.\d+(/|$)|_control/graph/)")
_SMS = re.compile(r"^/(2010-04-01/|_control/sms/)")
_STRIPE = re.compile(r"^/(_control/)?stripe/")
_RAZORPAY = re.compile(r"^/(_control/)?razorpay/")


def _json(start_response: StartResponse, status: str, body: dict[str, str]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def build_app(
    graph: WSGIApplication,
    sms: WSGIApplication,
    *,
    stripe: WSGIApplication | None = None,
    razorpay: WSGIApplication | None = None,
) -> WSGIApplication:
    """A WSGI app that hands each request, untouched, to the stand-in whose paths it matches."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if _GRAPH.match(path):
            return graph(environ, start_response)
        if _SMS.match(path):
            return sms(environ, start_response)
        if stripe is not None and _STRIPE.match(path):
            return stripe(environ, start_response)
        if razorpay is not None and _RAZORPAY.match(path):
            return razorpay(environ, start_response)
        if path == "/_control/health" and environ.get("REQUEST_METHOD") == "GET":
            return _json(start_response, "200 OK", {"status": "ok"})
        message = f"no stand-in serves {path}"
        return _json(start_response, "404 Not Found", {"code": "not_found", "message": message})

    return app


def default_stand_ins() -> tuple[GraphStandIn, SmsStandIn]:
    return GraphStandIn(), SmsStandIn()


def serve(host: str, port: int, *, on_ready: Callable[[ThreadingWSGIServer], None] | None = None) -> None:
    """Serve both stand-ins until interrupted (Ctrl-C, SIGINT) or until `server.shutdown()` from another
    thread. `on_ready` gets the bound server first (with port 0, `server.server_port` tells the port)."""
    graph, sms = default_stand_ins()
    stripe, razorpay = StripeStandIn(), RazorpayStandIn()
    server = make_server(build_app(graph, sms, stripe=stripe, razorpay=razorpay), host=host, port=port)
    try:
        if on_ready is not None:
            on_ready(server)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        # Requests held by a scripted "timeout" are let go, so stopping never waits on them.
        graph.close()
        sms.close()
        stripe.close()
        razorpay.close()
        server.server_close()
