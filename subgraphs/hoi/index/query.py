"""``Query.maalgruppe``: the target-group search as a Relay connection, checked per caller.

The caller is authenticated from the forwarded bearer token (as adgang does); only a
medarbejder with a read role may search (:mod:`subgraphs.hoi.index.access`), and every
criterion is counted only over the metadata rows their privileges cover. Refusals and bad
input are GraphQL errors with ``extensions.code`` (``UNAUTHENTICATED``, ``FORBIDDEN``,
``BAD_USER_INPUT``, ``SERVICE_UNAVAILABLE``); no message echoes an argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from authz.principal import Medarbejder
from authz.store.errors import StoreUnavailable
from subgraphs.common.identity import Caller, CallerUnauthenticated
from subgraphs.hoi.index.access import may_search
from subgraphs.hoi.index.criteria import (
    CodeRef,
    Criteria,
    IndsatsMatch,
    Preset,
    check_text,
    render_arguments,
)
from subgraphs.hoi.index.model import AccessKey
from subgraphs.hoi.index.runtime import MaalgruppeIndex
from subgraphs.hoi.index.search import Page, decode_cursor, encode_cursor
from subgraphs.hoi.index.types import (
    IndsatsKriterium,
    MaalgruppeConnection,
    MaalgruppeEdge,
    MaalgruppeFilter,
    MaalgruppePageInfo,
    traeffer_of,
)

__all__ = ["DEFAULT_FIRST", "MAX_FIRST", "MaalgruppeContext", "MaalgruppeError",
           "MaalgruppeQuery", "criteria_of"]

DEFAULT_FIRST = 50
MAX_FIRST = 500
"""Largest page (as KOMBIT's own GraphQL APIs)."""


class MaalgruppeError(Exception):
    """A refusal or bad input, reported with ``extensions.code``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.extensions: dict[str, Any] = {"code": code}


@dataclass(slots=True)
class MaalgruppeContext:
    """What the search needs per request: the open index (if configured) and the caller."""

    index: MaalgruppeIndex | None
    caller: Caller


def _indsats(kriterium: IndsatsKriterium) -> IndsatsMatch:
    code = None
    if kriterium.system is not None or kriterium.kode is not None:
        if kriterium.system is None or kriterium.kode is None:
            raise ValueError("system and kode go together")
        code = CodeRef(check_text(kriterium.system), check_text(kriterium.kode))
    return IndsatsMatch(type=code,
                        lov=None if kriterium.lov is None else check_text(kriterium.lov),
                        paragraf=None if kriterium.paragraf is None
                        else check_text(kriterium.paragraf))


def criteria_of(given: MaalgruppeFilter, preset: Preset) -> Criteria:
    """The filter as :class:`Criteria`, the ready filter added (ValueError when invalid)."""
    indsatser = None if given.indsatser is None else tuple(map(_indsats, given.indsatser))
    koder = None if given.kontaktgrupper is None else tuple(
        CodeRef(check_text(k.system), check_text(k.kode)) for k in given.kontaktgrupper)
    criteria = Criteria(min_sektorer=given.min_aktive_sektorer,
                        indsatser=() if indsatser is None else (indsatser,),
                        kontaktgrupper=() if koder is None else (koder,),
                        har_min_plan=given.har_min_plan, min_alder=given.min_alder,
                        max_alder=given.max_alder)
    return criteria.and_(preset.criteria) if given.skal_maalgruppe else criteria


def _arguments(given: MaalgruppeFilter, first: int, after: str | None) -> dict[str, Any]:
    """The root field's arguments as JSON (what the gateway sees), for the rendering."""
    return {"filter": {
        "minAktiveSektorer": given.min_aktive_sektorer,
        "indsatser": None if given.indsatser is None else [
            {"system": k.system, "kode": k.kode, "lov": k.lov, "paragraf": k.paragraf}
            for k in given.indsatser],
        "kontaktgrupper": None if given.kontaktgrupper is None else [
            {"system": k.system, "kode": k.kode} for k in given.kontaktgrupper],
        "harMinPlan": given.har_min_plan, "minAlder": given.min_alder,
        "maxAlder": given.max_alder, "skalMaalgruppe": given.skal_maalgruppe or None,
    }, "first": first, "after": after}


async def _context(info: Info[Any, None]) -> tuple[MaalgruppeIndex, Medarbejder]:
    """The open index and the authorised worker; raises the matching error otherwise."""
    context: MaalgruppeContext | None = getattr(info.context, "maalgruppe", None)
    if context is None or context.index is None:
        raise MaalgruppeError("SERVICE_UNAVAILABLE", "the målgruppe index is not configured")
    try:
        principal = await context.caller.principal()
    except CallerUnauthenticated as error:
        raise MaalgruppeError("UNAUTHENTICATED", error.reason) from None
    worker = may_search(principal)
    if worker is None:
        raise MaalgruppeError("FORBIDDEN", "the target-group search needs a read role")
    return context.index, worker


def _connection(index: MaalgruppeIndex, page: Page, criteria: Criteria,
                visible: Mapping[int, AccessKey],
                after: str | None, kriterier: str) -> MaalgruppeConnection:
    today = index.today()
    edges = [MaalgruppeEdge(cursor=encode_cursor(hit.nr), node=traeffer_of(hit, today))
             for hit in page.hits]

    async def counter() -> int:
        try:
            return await index.count(criteria, visible)
        except StoreUnavailable:
            raise MaalgruppeError("SERVICE_UNAVAILABLE", "the målgruppe index is "
                                                         "unavailable") from None

    return MaalgruppeConnection(
        edges=edges, kriterier=kriterier, counter=counter,
        page_info=MaalgruppePageInfo(
            has_next_page=page.has_next, has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None))


@strawberry.type
class MaalgruppeQuery:
    @strawberry.federation.field(
        description="The target-group search (udsøgning) over case and indsats metadata in "
                    "the four sectors: citizens matching the filter, ordered by id. Only "
                    "metadata the caller's privileges cover is shown or counted.",
        policy=[["medarbejder"]])
    async def maalgruppe(self, info: Info[Any, None],
                         filter_: Annotated[MaalgruppeFilter, strawberry.argument(name="filter")],
                         first: int | None = DEFAULT_FIRST,
                         after: str | None = None) -> MaalgruppeConnection:
        index, worker = await _context(info)
        size = DEFAULT_FIRST if first is None else first
        try:
            if not 1 <= size <= MAX_FIRST:
                raise ValueError(f"first must be 1-{MAX_FIRST}")
            criteria = criteria_of(filter_, index.preset)
            after_id = None if after is None else decode_cursor(after)
        except ValueError as error:
            raise MaalgruppeError("BAD_USER_INPUT", str(error)) from None
        try:
            visible = await index.visible(worker)
            page = await index.page(criteria, visible, first=size, after=after_id)
        except StoreUnavailable:
            raise MaalgruppeError("SERVICE_UNAVAILABLE",
                                  "the målgruppe index is unavailable") from None
        return _connection(index, page, criteria, visible, after,
                           render_arguments(_arguments(filter_, size, after)))
