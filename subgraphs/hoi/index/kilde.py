"""The report's target-group source over the membership history (a ``MaalgruppeKilde``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from authz.store.engine import Database
from subgraphs.hoi.index.criteria import Preset
from subgraphs.hoi.index.historik import criteria_version, members_between
from subgraphs.hoi.index.historik_tables import vurdering

__all__ = ["IndexMaalgruppe"]


class IndexMaalgruppe:
    """Citizens who were members of the configured must-offer criteria in a period.

    Reads only the appended history (events are timed when the index found them, and new
    events are timed now), so a period that is over gives the same citizens every time.
    Only the history of *these* criteria counts: a changed configuration has its own.
    """

    def __init__(self, database: Database, preset: Preset) -> None:
        self._database = database
        self._version = criteria_version(preset)
        self._navn = f"målgruppeindeks: {preset.navn} (kriterier {self._version})"

    async def har_historik(self) -> bool:
        """True once the criteria have been evaluated after a sync (else the history is
        silent, which is not the same as an empty target group)."""
        async with self._database.read() as connection:
            found = await connection.execute(select(func.count()).select_from(vurdering)
                                             .where(vurdering.c.version == self._version))
            return bool(found.scalar_one())

    @property
    def navn(self) -> str:
        """The criteria's name and version, as the report shows them."""
        return self._navn

    async def fundet(self, kommune_cvr: str, fra: datetime, til: datetime) -> frozenset[str]:
        """Internal ids of the municipality's members at some time in ``[fra, til)``."""
        async with self._database.read() as connection:
            return await members_between(connection, self._version, kommune_cvr, fra, til)
