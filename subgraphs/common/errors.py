"""Refusals and bad input of a subgraph, as GraphQL errors with an ``extensions.code``.

Messages are fixed texts (at most an id or a status name): never a CPR number, a token value
or anything else a client should not see. graphql-core copies ``extensions`` from the
original exception onto the error it reports.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SubgraphError", "bad_input", "forbidden", "not_found", "unauthenticated",
           "unavailable"]


class SubgraphError(Exception):
    """A refusal or bad input, reported as a GraphQL error with ``extensions.code``."""

    def __init__(self, code: str, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.extensions: dict[str, Any] = {"code": code, **extensions}


def unauthenticated(reason: str = "authentication required") -> SubgraphError:
    """No valid bearer token."""
    return SubgraphError("UNAUTHENTICATED", reason)


def forbidden(message: str = "not allowed") -> SubgraphError:
    """Authenticated, but not allowed."""
    return SubgraphError("FORBIDDEN", message)


def not_found(what: str) -> SubgraphError:
    """Nothing found (or nothing the caller may know exists)."""
    return SubgraphError("NOT_FOUND", f"{what} not found")


def bad_input(message: str) -> SubgraphError:
    """The input does not make a valid request."""
    return SubgraphError("BAD_USER_INPUT", message)


def unavailable(what: str) -> SubgraphError:
    """A store or system behind the subgraph did not answer."""
    return SubgraphError("SERVICE_UNAVAILABLE", f"{what} is unavailable")
