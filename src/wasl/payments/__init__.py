"""Payments: payment links (prepaid nudge) and refunds through Stripe, Razorpay and a manual method."""
