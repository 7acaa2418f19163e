"""Collect a citizen's objects of one kind across the sector systems, in timeline order.

Each sector is asked in parallel; a sector whose system fails is reported as an error at
the field's path and left out, so the other sectors' items still arrive.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from strawberry.types import Info

from subgraphs.common import interfaces
from subgraphs.common.client import SourceUnavailable
from subgraphs.common.types import Sektor
from subgraphs.hoi.client import SECTOR_NAMES
from subgraphs.hoi.loaders import HoiContext

__all__ = ["KINDS", "collect", "in_window", "sector_names"]

KINDS: dict[str, type] = {
    "sag": interfaces.Sag, "indsats": interfaces.Indsats, "tilstand": interfaces.Tilstand,
    "maal": interfaces.Maal, "aftale": interfaces.Aftale, "plan": interfaces.Plan,
    "tidslinje": interfaces.TidslinjeElement,
}
"""What each list field collects (every sector object is a ``TidslinjeElement``)."""

_ORDER = {name: index for index, name in enumerate(SECTOR_NAMES)}


def sector_names(sektor: list[Sektor] | None) -> list[str]:
    """The sector systems to ask for a ``sektor`` filter (``None`` = all four)."""
    if sektor is None:
        return list(SECTOR_NAMES)
    wanted = {s.value.lower() for s in sektor}
    return [name for name in SECTOR_NAMES if name in wanted]


def in_window(fra: datetime | None, til: datetime | None) -> Callable[[Any], bool]:
    """A filter on ``tidslinjeTid`` within ``[fra, til]`` (either end open)."""
    return lambda obj: ((fra is None or obj.tidslinje_tid >= fra)
                        and (til is None or obj.tidslinje_tid <= til))


def _sort_key(obj: Any) -> tuple[datetime, int, str, str]:
    return (obj.tidslinje_tid, _ORDER.get(obj.sektor.value.lower(), 9), type(obj).__name__,
            str(obj.id))


async def _view(info: Info[HoiContext, None], sector: str, cpr: str) -> Any:
    loader = info.context.loaders.views.get(sector)
    if loader is None:
        return None
    try:
        return await loader.load(cpr)
    except SourceUnavailable as error:
        info.context.report(error, list(info.path.as_list()))
        return None


async def collect(info: Info[HoiContext, None], cpr: str | None, kind: str,
                  sectors: Iterable[str], keep: Callable[[Any], bool] = lambda _: True,
                  ) -> list[Any]:
    """Every sector object of ``kind`` for the citizen, filtered by ``keep``, in order."""
    if cpr is None:
        return []
    views = await asyncio.gather(*(_view(info, sector, cpr) for sector in sectors))
    wanted = KINDS[kind]
    found = [obj for view in views if view is not None for obj in view.objects.values()
             if isinstance(obj, wanted) and keep(obj)]
    return sorted(found, key=_sort_key)
