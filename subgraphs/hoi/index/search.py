"""The target-group search in SQL: set-based conditions, keyset pages, visible rows only.

Every condition is a semi-join of ``hoi_mg_borger`` with the metadata rows the caller may
see (``noegle_id IN visible``), so the database evaluates the whole population at once and
stops after one page: no loop over citizens in Python. Pages are ordered by the citizen's
internal id, and a cursor is that id, opaque to the client; a deep page costs what the
first does.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, distinct, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.principal import Foelsomhed
from subgraphs.hoi.index.criteria import CodeRef, Criteria, IndsatsMatch
from subgraphs.hoi.index.model import PLANTYPE_SYSTEM, AccessKey, Art, MetadataRow
from subgraphs.hoi.index.tables import borger, noegle, objekt

__all__ = ["Hit", "Page", "born_on_or_before", "conditions", "count_matches", "decode_cursor",
           "encode_cursor", "find_page"]

_CURSOR_PREFIX = "mg1:"


def encode_cursor(borger_id: str) -> str:
    """The opaque cursor after ``borger_id``."""
    return base64.urlsafe_b64encode((_CURSOR_PREFIX + borger_id).encode()).decode()


def decode_cursor(cursor: str) -> str:
    """The citizen id in a cursor (ValueError when it is not one of ours)."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
    except (binascii.Error, UnicodeError):
        raise ValueError("not a valid cursor") from None
    if not text.startswith(_CURSOR_PREFIX) or len(text) > 100:
        raise ValueError("not a valid cursor")
    return text.removeprefix(_CURSOR_PREFIX)


def born_on_or_before(today: date, years: int) -> date:
    """The latest birth date of someone at least ``years`` old on ``today``."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year without one
        return today.replace(year=today.year - years, day=28)


@dataclass(frozen=True, slots=True)
class Hit:
    """One citizen on a page: id, birth date and the metadata rows the caller may see."""

    borger_id: str
    foedselsdato: date | None
    rows: tuple[MetadataRow, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """One page of hits, and whether more follow."""

    hits: tuple[Hit, ...]
    has_next: bool


def _having(visible: Sequence[int], *conditions: ColumnElement[bool]) -> Select[Any]:
    """Citizens with a visible row meeting ``conditions``."""
    return select(objekt.c.borger_id).where(objekt.c.noegle_id.in_(visible), *conditions)


def _code(art: Sequence[Art], code: CodeRef) -> ColumnElement[bool]:
    return and_(objekt.c.art.in_([a.value for a in art]), objekt.c.type_system == code.system,
                objekt.c.type_kode == code.kode)


def _indsats(match: IndsatsMatch) -> ColumnElement[bool]:
    hjemmel = and_(objekt.c.hjemmel_lov == match.lov, objekt.c.hjemmel_paragraf == match.paragraf)
    if match.type is None:
        return and_(objekt.c.art.in_([Art.SAG.value, Art.INDSATS.value]), hjemmel)
    if match.lov is None:
        return _code((Art.INDSATS, Art.PLAN), match.type)
    return and_(_code((Art.INDSATS,), match.type), hjemmel)


def _sectors(visible: Sequence[int], least: int) -> ColumnElement[bool]:
    active_sager = _having(visible, objekt.c.art == Art.SAG.value, objekt.c.aktiv.is_(True))
    if least <= 1:
        return borger.c.borger_id.in_(active_sager)
    return borger.c.borger_id.in_(active_sager.group_by(objekt.c.borger_id).having(
        func.count(distinct(objekt.c.sektor)) >= least))


def _row_conditions(criteria: Criteria, visible: Sequence[int]) -> list[ColumnElement[bool]]:
    active = objekt.c.aktiv.is_(True)
    found: list[ColumnElement[bool]] = []
    if criteria.min_sektorer:
        found.append(_sectors(visible, criteria.min_sektorer))
    for group in criteria.indsatser:
        found.append(borger.c.borger_id.in_(_having(visible, active,
                                                    or_(*map(_indsats, group)))))
    for codes in criteria.kontaktgrupper:
        found.append(borger.c.borger_id.in_(_having(visible, active, or_(
            *(_code((Art.KONTAKTGRUPPE,), code) for code in codes)))))
    if criteria.har_min_plan:
        found.append(borger.c.borger_id.in_(_having(
            visible, active, _code((Art.PLAN,), CodeRef(PLANTYPE_SYSTEM, "MIN_PLAN")))))
    return found


def conditions(criteria: Criteria, visible: Sequence[int],
               today: date) -> list[ColumnElement[bool]]:
    """The WHERE conditions on ``hoi_mg_borger`` for ``criteria`` over ``visible`` keys."""
    if not visible:
        return [false()]
    found = _row_conditions(criteria, visible)
    if not found:  # only a citizen with something the caller may see can be found at all
        found.append(borger.c.borger_id.in_(_having(visible)))
    if criteria.har_min_plan is False:
        found.append(borger.c.borger_id.not_in(_having(
            visible, objekt.c.aktiv.is_(True),
            _code((Art.PLAN,), CodeRef(PLANTYPE_SYSTEM, "MIN_PLAN")))))
    if criteria.min_alder is not None:
        found.append(borger.c.foedselsdato <= born_on_or_before(today, criteria.min_alder))
    if criteria.max_alder is not None:
        found.append(borger.c.foedselsdato > born_on_or_before(today, criteria.max_alder + 1))
    return found


async def _visible_rows(connection: AsyncConnection, ids: Sequence[str],
                        visible: Sequence[int]) -> dict[str, list[MetadataRow]]:
    result = await connection.execute(
        select(objekt, noegle.c.kommune_cvr, noegle.c.kle, noegle.c.foelsomhed,
               noegle.c.ansvarlig_enhed)
        .join(noegle, noegle.c.id == objekt.c.noegle_id)
        .where(objekt.c.borger_id.in_(ids), objekt.c.noegle_id.in_(visible))
        .order_by(objekt.c.borger_id, objekt.c.kilde, objekt.c.nr))
    rows: dict[str, list[MetadataRow]] = {}
    for r in result:
        key = AccessKey(sektor=r.sektor, kommune_cvr=r.kommune_cvr, kle=r.kle,
                        foelsomhed=Foelsomhed(int(r.foelsomhed)),
                        ansvarlig_enhed=r.ansvarlig_enhed)
        rows.setdefault(r.borger_id, []).append(MetadataRow(
            art=Art(r.art), objekt_id=r.objekt_id, key=key, aktiv=bool(r.aktiv),
            status=r.status, fra=r.fra, til=r.til, type_system=r.type_system,
            type_kode=r.type_kode, type_tekst=r.type_tekst, hjemmel_lov=r.hjemmel_lov,
            hjemmel_paragraf=r.hjemmel_paragraf))
    return rows


async def find_page(connection: AsyncConnection, criteria: Criteria, visible: Sequence[int], *,
                    today: date, first: int, after: str | None) -> Page:
    """Up to ``first`` matching citizens after the one with id ``after``, by id."""
    where = conditions(criteria, visible, today)
    if after is not None:
        where.append(borger.c.borger_id > after)
    result = await connection.execute(
        select(borger.c.borger_id, borger.c.foedselsdato).where(*where)
        .order_by(borger.c.borger_id).limit(first + 1))
    found = result.all()
    page = found[:first]
    rows = await _visible_rows(connection, [r.borger_id for r in page], visible) if page else {}
    return Page(hits=tuple(Hit(borger_id=r.borger_id, foedselsdato=r.foedselsdato,
                               rows=tuple(rows.get(r.borger_id, ()))) for r in page),
                has_next=len(found) > first)


async def count_matches(connection: AsyncConnection, criteria: Criteria,
                        visible: Sequence[int], *, today: date) -> int:
    """How many citizens match (the connection's ``totalCount``)."""
    where = conditions(criteria, visible, today)
    result = await connection.execute(select(func.count()).select_from(borger).where(*where))
    return int(result.scalar_one())

