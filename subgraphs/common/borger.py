"""The ``Borger`` entity as the subgraphs that extend it (all but hoi) hold it: only its key."""

from __future__ import annotations

import uuid
from typing import Self

import strawberry

__all__ = ["BorgerNoegle"]


@strawberry.type
class BorgerNoegle:
    """Base of a subgraph's own ``Borger``: the key ``id`` (the person id, never the CPR).

    A reference from the gateway carries nothing but the key, so resolving it needs no look-up;
    the subgraph's ``Borger`` adds its own fields, each resolved from ``id``.
    """

    id: uuid.UUID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Self:
        return cls(id=uuid.UUID(str(id)))
