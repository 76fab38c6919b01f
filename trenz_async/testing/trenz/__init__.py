"""The simulated Trenz Open Platform gateway: keys, envelopes, dataset and Data API."""
