"""Per-object checks the shaper runs while it builds the response (for authorization).

A guard names the runtime object types it cares about. When the shaper completes an object of
one of those types it asks :meth:`ObjectGuard.check` first; a :class:`Denial` removes the
object: a list item is left out of its list (no error), any other position becomes ``null``
with an error carrying the denial's message and code, and null propagation applies as usual.
Objects of other types cost nothing extra.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from gateway.types import ResponsePath

__all__ = ["Denial", "ObjectGuard"]


@dataclass(frozen=True, slots=True)
class Denial:
    """Why an object may not be shown."""

    code: str
    """The error's ``extensions.code``, e.g. ``FORBIDDEN`` or ``CONSENT_REQUIRED``."""

    message: str
    """A client-safe message (never personal data)."""


class ObjectGuard(Protocol):
    """Decides, object by object, whether the client may see it."""

    @property
    def types(self) -> frozenset[str]:
        """Runtime object type names to check; objects of other types are never checked."""
        ...

    def check(self, typename: str, obj: dict[str, Any], path: ResponsePath,
              fields: tuple[str, ...]) -> Denial | None:
        """None to show the object, a :class:`Denial` to withhold it.

        Args:
            typename: the object's runtime type.
            obj: the object as merged from the subgraphs (with keys, ``__typename`` and any
                internal fields; do not change it).
            path: its concrete response path (response names and list indexes).
            fields: the schema field names the client selects on it (after ``@include``/
                ``@skip`` and fragments; no ``__typename``; each once, in selection order).
        """
        ...
