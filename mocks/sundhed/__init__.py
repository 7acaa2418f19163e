"""Mock of the health side (aftaleoversigt + municipal EOJ): appointments, forløb, FSIII
sygepleje tilstande. Everything it serves is health data (DOMAIN §7)."""

from __future__ import annotations

from mocks.sundhed.app import create_app

__all__ = ["create_app"]
