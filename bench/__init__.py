"""Benchmark harness pieces: the federation benchmark's subgraph servers."""

__all__: list[str] = []
