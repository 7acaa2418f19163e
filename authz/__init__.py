"""Authorization: who is asking (tokens, principal) and what they may see (policy, consent, audit).

Modules: ``tokens`` (bearer JWT verification against the IdP's JWKS), ``principal`` (the
Principal built from verified claims), ``errors`` (AuthenticationError, AuthorizationDenied),
``store`` (the samtykke registry and the adgangslog in SQLite or PostgreSQL).
Import from the modules; this package re-exports nothing so importing one stays cheap.
"""

from __future__ import annotations

__all__: list[str] = []
