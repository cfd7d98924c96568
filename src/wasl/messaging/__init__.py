"""Conversations with buyers on WhatsApp, SMS and e-mail: notifications, the sending engine, inbound messages."""
