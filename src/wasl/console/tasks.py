"""Periodic jobs are found in each installed app's `tasks` module (`core.periodic`).

Review requests are declared with the reviews themselves, in `messaging.reviews`; importing them here
registers them with the scheduler.
"""

from wasl.messaging.reviews import request_reviews

__all__ = ["request_reviews"]
