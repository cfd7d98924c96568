"""Outbound webhooks: signed, recorded and retried deliveries of events to the merchant's own systems.

Other apps call `services.outbound_event_emit` / `services.outbound_events_emit`; merchants manage their
endpoints through `api.router` (mounted at /api/v1/webhook-endpoints).
"""
