"""Local stand-ins for the providers Wasl talks to, so tests and the demo never reach the internet.

Each stand-in is a plain WSGI application that imports nothing of Django: it runs inside a test, beside
other stand-ins in one server, or as a process of its own. `graph.GraphStandIn` plays Meta's Graph API
(the WhatsApp Cloud API); `graph_server.serve_in_thread` serves any of them on a local port.
"""
