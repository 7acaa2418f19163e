"""The owning citizen of a sector object, as an id the gateway's per-object policy reads."""

from __future__ import annotations

import uuid

import strawberry
from strawberry.types import Info

from subgraphs.common.sector import SectorContext, owner_id

__all__ = ["Ejet"]


@strawberry.type
class Ejet:
    """Mixin for objects built from a source record that names its citizen by CPR.

    List it *before* the interface among the bases, so its resolver for ``borgerId``
    replaces the interface's plain field.
    """

    cpr: strawberry.Private[str]

    @strawberry.field(description="Internal id of the citizen this object concerns "
                                  "(never the CPR); the gateway's access policy reads it.")
    async def borger_id(self, info: Info[SectorContext, None]) -> uuid.UUID | None:
        return await owner_id(info, self.cpr)
