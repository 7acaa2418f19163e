"""Execution phase: run a query plan against subgraphs and shape the response."""
