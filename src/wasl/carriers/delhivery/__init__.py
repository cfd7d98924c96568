"""Delhivery: scan push webhook (StatusType/Status + NSL codes), authenticated by a shared bearer token."""
