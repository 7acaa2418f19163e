"""Per-object authorization seen from the shaper: a guard asked about each object of some types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from gateway.types import JSONObject, ResponsePath

__all__ = ["Denial", "ObjectGuard"]


@dataclass(frozen=True, slots=True)
class Denial:
    """Why one object may not be shown."""

    code: str
    """``extensions.code`` of the error (``FORBIDDEN``, ``CONSENT_REQUIRED``)."""
    message: str
    """Client-safe text: never the denied value."""


class ObjectGuard(Protocol):
    """Decides, object by object, what the shaper may show.

    The shaper calls :meth:`check` for every object whose runtime type is in :attr:`types`,
    before completing its fields. A denied list item is left out of its list (no error); a
    denied object anywhere else becomes ``null`` with an error at its path, and null
    propagation applies as usual.
    """

    @property
    def types(self) -> frozenset[str]:
        """Runtime object type names to check."""
        ...

    def check(self, typename: str, obj: JSONObject, path: ResponsePath,
              fields: tuple[str, ...]) -> Denial | None:
        """``None`` to show ``obj`` (selecting ``fields``), else why not."""
        ...
