"""Where the report learns who was found in the HOI target group (the målgruppe index).

The report asks a :class:`MaalgruppeKilde` for the citizens found in the target group in a
period; it never queries the index's tables itself. The målgruppe index's membership history
provides the real source (:class:`subgraphs.hoi.index.kilde.IndexMaalgruppe`); where none is
configured the report says that this figure is not available (``null``) rather than guessing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

__all__ = ["MaalgruppeKilde"]


class MaalgruppeKilde(Protocol):
    """Which citizens were found in the HOI target group in a period."""

    @property
    def navn(self) -> str:
        """What the figure is (shown in the report), e.g. the criteria's name."""
        ...

    async def fundet(self, kommune_cvr: str, fra: datetime, til: datetime) -> frozenset[str]:
        """Internal ids of the municipality's citizens found in the target group in
        ``[fra, til)``, from stored state (so a report can be made again, byte for byte)."""
        ...
