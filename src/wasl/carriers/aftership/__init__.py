"""AfterShip: tracking webhooks (tags and subtags) signed with aftership-hmac-sha256."""
