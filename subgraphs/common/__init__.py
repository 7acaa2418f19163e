"""Shared building blocks of the Helhed subgraphs: scalars, value types, interfaces,
mock clients, per-request loaders, the ASGI app factory and loopback serving."""

from __future__ import annotations

__all__: list[str] = []
