"""Mock of an FFB fagsystem (social, voksne): sager, FFB-coded indsatser, tilstande, mål."""

from __future__ import annotations

from mocks.social.app import create_app

__all__ = ["create_app"]
