"""Mock of DFDG / Min Plan (beskæftigelse): kontaktgruppe, sager, Min Plan in JSON and XML."""

from __future__ import annotations

from mocks.beskaeftigelse.app import create_app

__all__ = ["create_app"]
