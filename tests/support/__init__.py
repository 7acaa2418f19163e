"""Test support: fake federation subgraphs, loopback servers, supergraph helpers, fixtures.

Importing this package does not import pytest; the fixtures live in ``tests.support.plugin``.
"""

__all__: list[str] = []
