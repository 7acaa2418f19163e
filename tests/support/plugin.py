"""Pytest fixtures for fake federation subgraphs (enabled from ``tests/conftest.py``).

``fake_subgraphs`` starts subgraphs on demand and stops them after the test::

    def test_jump(fake_subgraphs, tmp_path):
        subgraphs = fake_subgraphs.start_many({
            "products": (PRODUCTS_SDL, {"Product": [{"upc": "1", "name": "T"}]}),
            "inventory": (INVENTORY_SDL, {"Product": [{"upc": "1", "inStock": True}]}),
        })
        supergraph = point_supergraph_at(SUPERGRAPH, subgraphs)
        ...
        assert subgraphs["inventory"].calls == 1
"""

from __future__ import annotations

import socket
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from tests.support.fake_subgraph import FakeSubgraph
from tests.support.loopback import refused_port
from tests.support.subgraph_exec import Hook
from tests.support.supergraph_urls import rewrite_subgraph_urls

__all__ = [
    "FakeSubgraphFactory",
    "down_url",
    "fake_subgraphs",
    "point_supergraph_at",
]


class FakeSubgraphFactory:
    """Starts fake subgraphs on loopback and stops every one of them on :meth:`close`."""

    def __init__(self) -> None:
        self._started: list[FakeSubgraph] = []
        self._refused: list[socket.socket] = []

    def start(self, name: str, sdl: str, data: Mapping[str, Any] | None = None,
              hooks: Mapping[str, Hook] | None = None) -> FakeSubgraph:
        """Start one fake subgraph; its URL is ``.url``."""
        subgraph = FakeSubgraph(name=name, sdl=sdl, data=data or {}, hooks=hooks or {})
        self.add(subgraph)
        return subgraph

    def add(self, subgraph: FakeSubgraph) -> FakeSubgraph:
        """Start an already built fake subgraph and stop it with the others."""
        subgraph.start()
        self._started.append(subgraph)
        return subgraph

    def start_many(self, specs: Mapping[str, tuple[str, Mapping[str, Any]] | tuple[
            str, Mapping[str, Any], Mapping[str, Hook]]]) -> dict[str, FakeSubgraph]:
        """Start several: ``{name: (sdl, data[, hooks])}`` -> ``{name: FakeSubgraph}``."""
        started = {}
        for name, spec in specs.items():
            hooks: Mapping[str, Hook] = spec[2] if len(spec) == 3 else {}  # type: ignore[misc]
            started[name] = self.start(name, spec[0], spec[1], hooks)
        return started

    def down_url(self) -> str:
        """A URL whose port refuses connections for the rest of the test."""
        sock = refused_port()
        self._refused.append(sock)
        return f"http://127.0.0.1:{sock.getsockname()[1]}/graphql"

    def close(self) -> None:
        """Stop every started subgraph and release refused ports."""
        for subgraph in self._started:
            subgraph.stop()
        for sock in self._refused:
            sock.close()
        self._started.clear()
        self._refused.clear()


def point_supergraph_at(supergraph_sdl: str, subgraphs: Mapping[str, FakeSubgraph | str]) -> str:
    """Rewrite ``@join__graph(url:)`` to the given fake subgraphs (or plain URLs)."""
    urls = {name: sg if isinstance(sg, str) else sg.url for name, sg in subgraphs.items()}
    return rewrite_subgraph_urls(supergraph_sdl, urls)


@pytest.fixture
def fake_subgraphs() -> Iterator[FakeSubgraphFactory]:
    """A factory for fake subgraphs that are all stopped after the test."""
    factory = FakeSubgraphFactory()
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture
def down_url(fake_subgraphs: FakeSubgraphFactory) -> str:
    """A subgraph URL that refuses connections (for "subgraph down" tests)."""
    return fake_subgraphs.down_url()
