"""Authentication and authorization errors.

::

    AuthzError
    ├── AuthenticationError      no token or a bad one: HTTP 401 before any GraphQL work
    │   └── IdentityProviderUnavailable   the signing keys could not be fetched
    └── AuthorizationDenied      one field or object is denied: a null and an error at a path

Messages are short, fixed reasons chosen here ("token expired", "unknown signing key"). They
never contain the token, a claim value or personal data, so they are safe to send to the
client and to log.
"""

from __future__ import annotations

__all__ = [
    "AuthzError",
    "AuthenticationError",
    "IdentityProviderUnavailable",
    "AuthorizationDenied",
]


class AuthzError(Exception):
    """Base class of the errors raised by :mod:`authz`."""


class AuthenticationError(AuthzError):
    """The caller is not authenticated: missing, malformed, forged or expired token.

    The HTTP layer answers 401 with a GraphQL error whose ``extensions.code`` is
    ``UNAUTHENTICATED`` and a ``WWW-Authenticate: Bearer`` header.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        """A short, fixed, client-safe reason; never contains token or claim values."""

    @property
    def www_authenticate(self) -> str:
        """The ``WWW-Authenticate`` header for the 401 (RFC 6750 §3: no error without a token)."""
        if self.reason == "missing bearer token":
            return 'Bearer realm="helhed"'
        return 'Bearer realm="helhed", error="invalid_token"'


class IdentityProviderUnavailable(AuthenticationError):
    """The identity provider's keys could not be fetched, so no token can be checked.

    Still an authentication failure (nothing is let through), but the HTTP layer may
    prefer 503 over 401 because retrying later can succeed.
    """


class AuthorizationDenied(AuthzError):
    """The principal may not see one field or object.

    Never reaches the client as an exception: the field becomes ``null`` and an error with a
    path and ``extensions.code`` (``FORBIDDEN`` or ``CONSENT_REQUIRED``) is added.
    """

    def __init__(self, reason: str, *, code: str = "FORBIDDEN") -> None:
        super().__init__(reason)
        self.reason = reason
        """A short, client-safe reason (never the denied value)."""
        self.code = code
        """The ``extensions.code`` to report: ``FORBIDDEN`` or ``CONSENT_REQUIRED``."""
