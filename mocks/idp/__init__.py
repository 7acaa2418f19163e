"""A stand-in identity provider: OIDC discovery, a rotating JWKS and persona tokens."""

from __future__ import annotations

from mocks.idp.app import DEFAULT_AUDIENCE, IdentityProvider, IdpConfig, create_app
from mocks.idp.client import fetch_persona_token
from mocks.idp.personas import PERSONAS
from mocks.idp.server import RunningIdp, serve_idp

__all__ = [
    "DEFAULT_AUDIENCE",
    "PERSONAS",
    "IdentityProvider",
    "IdpConfig",
    "RunningIdp",
    "create_app",
    "fetch_persona_token",
    "serve_idp",
]
