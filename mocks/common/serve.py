"""Serve mock systems on loopback sockets (shared implementation in :mod:`helhed.serving`)."""

from __future__ import annotations

from helhed.serving import RunningServer, bind_socket, serve_app, serve_apps

__all__ = ["RunningServer", "bind_socket", "serve_app", "serve_apps"]
