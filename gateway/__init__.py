"""Helhed's Apollo Federation v2 gateway: supergraph, planner, executor and HTTP server."""
