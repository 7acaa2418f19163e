"""Mock of Ungedatabasen / KUI (uddannelse, ages 15–29): events, uddannelsesplan, pålæg."""

from __future__ import annotations

from mocks.uddannelse.app import create_app

__all__ = ["create_app"]
