"""The helhed command: the whole system on loopback, and tokens for the demo personas."""
