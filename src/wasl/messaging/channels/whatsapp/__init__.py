"""WhatsApp through Meta's Cloud API.

`client.WhatsAppChannel` sends (pywa builds the requests); `webhook` verifies, answers the subscription
handshake and reads inbound webhooks into `InboundMessage` / `StatusUpdate`; `errors` decides what a
refused send means. Import from those modules: the webhook side never loads the sending client.
"""
