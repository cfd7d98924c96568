"""RTO risk: address and phone quality, order features, the store's model, policies and the holdout."""
