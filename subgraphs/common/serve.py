"""Serve subgraphs on loopback sockets bound up front (shared code in :mod:`helhed.serving`)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from helhed.serving import RunningServer, bind_socket, serve_app, serve_apps

__all__ = ["RunningServer", "bind_socket", "serve_app", "serve_apps", "serve_subgraph"]


@contextlib.asynccontextmanager
async def serve_subgraph(app: Any, *, port: int = 0) -> AsyncIterator[str]:
    """Run a subgraph app (from ``subgraphs.<name>.app.create_app``) on loopback; its
    GraphQL URL (``http://127.0.0.1:<port>/graphql``) for the duration of the block."""
    async with serve_app(app, port=port) as running:
        yield f"{running.url}/graphql"
