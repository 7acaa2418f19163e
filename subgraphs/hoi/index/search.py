"""The target-group search in SQL: one grouped scan, keyset pages, visible rows only.

The metadata rows the caller may see (``noegle_id IN visible``) are read in citizen order
and grouped per citizen; the criteria are aggregate conditions on each group, so the
database evaluates the whole population in one pass and stops after one page — no loop
over citizens in Python. Pages are ordered by the citizen's number in the index (given at
first sight, never reused), and a cursor holds that number, opaque to the client; a deep
page starts with an index seek, so it costs what the first does.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, distinct, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from subgraphs.hoi.index.criteria import CodeRef, Criteria, IndsatsMatch
from subgraphs.hoi.index.model import PLANTYPE_SYSTEM, AccessKey, Art, MetadataRow
from subgraphs.hoi.index.tables import borger, objekt

__all__ = ["Hit", "Page", "born_on_or_before", "count_matches", "decode_cursor",
           "encode_cursor", "find_page", "matching"]

_CURSOR_PREFIX = "mg1:"


def encode_cursor(number: int) -> str:
    """The opaque cursor after the citizen with index number ``number``."""
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{number}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The citizen number in a cursor (ValueError when it is not one of ours)."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
    except (binascii.Error, UnicodeError):
        raise ValueError("not a valid cursor") from None
    number = text.removeprefix(_CURSOR_PREFIX)
    if not text.startswith(_CURSOR_PREFIX) or not number.isdigit() or len(number) > 18:
        raise ValueError("not a valid cursor")
    return int(number)


def born_on_or_before(today: date, years: int) -> date:
    """The latest birth date of someone at least ``years`` old on ``today``."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year without one
        return today.replace(year=today.year - years, day=28)


@dataclass(frozen=True, slots=True)
class Hit:
    """One citizen on a page: number, id, birth date and the metadata rows the caller may see."""

    nr: int
    """The citizen's number in the index: the search's order, and what a cursor holds."""
    borger_id: str
    foedselsdato: date | None
    rows: tuple[MetadataRow, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """One page of hits, and whether more follow."""

    hits: tuple[Hit, ...]
    has_next: bool


def _codes(arts: Sequence[Art], codes: Iterable[CodeRef]) -> ColumnElement[bool]:
    """A row of one of ``arts`` whose type is one of ``codes`` (one IN list per system)."""
    by_system: dict[str, set[str]] = {}
    for code in codes:
        by_system.setdefault(code.system, set()).add(code.kode)
    return and_(objekt.c.art.in_([a.value for a in arts]), or_(*(
        and_(objekt.c.type_system == system, objekt.c.type_kode.in_(sorted(kodes)))
        for system, kodes in sorted(by_system.items()))))


def _hjemler(arts: Sequence[Art], hjemler: Iterable[tuple[str, str]]) -> ColumnElement[bool]:
    """A row of one of ``arts`` under one of ``hjemler`` (one IN list per lov)."""
    by_lov: dict[str, set[str]] = {}
    for lov, paragraf in hjemler:
        by_lov.setdefault(lov, set()).add(paragraf)
    return and_(objekt.c.art.in_([a.value for a in arts]), or_(*(
        and_(objekt.c.hjemmel_lov == lov, objekt.c.hjemmel_paragraf.in_(sorted(paragrafs)))
        for lov, paragrafs in sorted(by_lov.items()))))


def _indsatser(group: Sequence[IndsatsMatch]) -> ColumnElement[bool]:
    """A row matching one of the group's alternatives (see :mod:`criteria` for the arts)."""
    parts: list[ColumnElement[bool]] = []
    codes: list[CodeRef] = []
    hjemler: list[tuple[str, str]] = []
    for match in group:
        hjemmel = None if match.lov is None or match.paragraf is None else (match.lov,
                                                                            match.paragraf)
        if match.type is not None and hjemmel is not None:
            parts.append(and_(_codes((Art.INDSATS,), (match.type,)),
                              _hjemler((Art.INDSATS,), (hjemmel,))))
        elif match.type is not None:
            codes.append(match.type)
        elif hjemmel is not None:
            hjemler.append(hjemmel)
    if codes:
        parts.append(_codes((Art.INDSATS, Art.PLAN), codes))
    if hjemler:
        parts.append(_hjemler((Art.SAG, Art.INDSATS), hjemler))
    return or_(*parts)


_SAG = objekt.c.art == Art.SAG.value
_MIN_PLAN = _codes((Art.PLAN,), (CodeRef(PLANTYPE_SYSTEM, "MIN_PLAN"),))


def _wanted_rows(criteria: Criteria) -> list[ColumnElement[bool]]:
    """For each "has some active row" criterion, the condition on that row."""
    wanted = [_indsatser(group) for group in criteria.indsatser]
    wanted += [_codes((Art.KONTAKTGRUPPE,), codes) for codes in criteria.kontaktgrupper]
    if criteria.har_min_plan:
        wanted.append(_MIN_PLAN)
    return wanted


def _any_active(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """1 when one of the citizen's rows is active and meets ``condition``, else 0."""
    return func.max(case((and_(objekt.c.aktiv.is_(True), condition), 1), else_=0))


def _group_conditions(criteria: Criteria) -> list[ColumnElement[bool]]:
    """Conditions on one citizen's visible rows taken together (the HAVING clause)."""
    found = [_any_active(row) == 1 for row in _wanted_rows(criteria)]
    if criteria.min_sektorer:
        sag = and_(objekt.c.aktiv.is_(True), _SAG)
        found.append(func.count(distinct(case((sag, objekt.c.sektor))))
                     >= criteria.min_sektorer)
    if criteria.har_min_plan is False:
        found.append(_any_active(_MIN_PLAN) == 0)
    return found


def _row_conditions(criteria: Criteria, visible: Sequence[int],
                    today: date) -> list[ColumnElement[bool]]:
    """Conditions on single rows (the WHERE clause): visible, the citizen's age, and —
    when every criterion asks for some active row — only rows some criterion can use."""
    found: list[ColumnElement[bool]] = [objekt.c.noegle_id.in_(visible)]
    if criteria.min_alder is not None:
        found.append(objekt.c.foedselsdato <= born_on_or_before(today, criteria.min_alder))
    if criteria.max_alder is not None:
        found.append(objekt.c.foedselsdato > born_on_or_before(today, criteria.max_alder + 1))
    wanted = _wanted_rows(criteria) + ([_SAG] if criteria.min_sektorer else [])
    if wanted and criteria.har_min_plan is not False:
        found += [objekt.c.aktiv.is_(True), or_(*wanted)]
    return found


def matching(criteria: Criteria, visible: Sequence[int], today: date) -> Select[Any]:
    """The numbers (and birth dates) of the citizens matching ``criteria`` over ``visible``.

    One scan of the rows in citizen order, grouped per citizen: a citizen is found when
    some of their rows are visible and those rows together meet every criterion. With an
    ``ORDER BY`` and ``LIMIT`` on the number the database stops after one page.
    """
    where = _row_conditions(criteria, visible, today) if visible else [false()]
    return (select(objekt.c.borger_nr, func.max(objekt.c.foedselsdato).label("foedselsdato"))
            .where(*where).group_by(objekt.c.borger_nr)
            .having(and_(true(), *_group_conditions(criteria))))


async def _visible_rows(connection: AsyncConnection, numbers: Sequence[int],
                        keys: Mapping[int, AccessKey],
                        ) -> dict[int, tuple[str, list[MetadataRow]]]:
    """Per citizen number: the citizen's id and the rows of theirs ``keys`` cover."""
    result = await connection.execute(
        select(objekt, borger.c.borger_id).join(borger, borger.c.nr == objekt.c.borger_nr)
        .where(objekt.c.borger_nr.in_(numbers), borger.c.nr.in_(numbers),
               objekt.c.noegle_id.in_(list(keys)))
        .order_by(objekt.c.borger_nr, objekt.c.kilde, objekt.c.loebenr))
    found: dict[int, tuple[str, list[MetadataRow]]] = {}
    for r in result:
        found.setdefault(r.borger_nr, (r.borger_id, []))[1].append(MetadataRow(
            art=Art(r.art), objekt_id=r.objekt_id, key=keys[r.noegle_id], aktiv=bool(r.aktiv),
            status=r.status, fra=r.fra, til=r.til, type_system=r.type_system,
            type_kode=r.type_kode, type_tekst=r.type_tekst, hjemmel_lov=r.hjemmel_lov,
            hjemmel_paragraf=r.hjemmel_paragraf))
    return found


_FIRST_SPAN = 1024
"""Citizen numbers the first range of a page search covers; each further range is twice as
wide, so a page costs about what its share of the index costs, however the planner guesses
the criteria's selectivity (PostgreSQL underestimates HAVING and would otherwise aggregate
the whole index before applying the LIMIT)."""


async def find_page(connection: AsyncConnection, criteria: Criteria,
                    keys: Mapping[int, AccessKey], *, today: date, first: int,
                    after: int | None) -> Page:
    """Up to ``first`` matching citizens after the one numbered ``after``, in number order.

    ``keys`` are the access keys the caller may see, by id. The citizens are searched in
    widening ranges of numbers (one set-based query per range) until the page is full.
    """
    last = (await connection.execute(select(func.max(borger.c.nr)))).scalar()
    found: list[Any] = []
    lower, span = after or 0, _FIRST_SPAN
    while len(found) <= first and last is not None and lower < last:
        upper = lower + span
        numbers = matching(criteria, list(keys), today).where(
            objekt.c.borger_nr > lower, objekt.c.borger_nr <= upper)
        found += (await connection.execute(
            numbers.order_by(objekt.c.borger_nr).limit(first + 1 - len(found)))).all()
        lower, span = upper, span * 2
    page = found[:first]
    rows = await _visible_rows(connection, [r.borger_nr for r in page], keys) if page else {}
    return Page(hits=tuple(Hit(nr=r.borger_nr, borger_id=rows[r.borger_nr][0],
                               foedselsdato=r.foedselsdato, rows=tuple(rows[r.borger_nr][1]))
                           for r in page),
                has_next=len(found) > first)


async def count_matches(connection: AsyncConnection, criteria: Criteria,
                        keys: Mapping[int, AccessKey], *, today: date) -> int:
    """How many citizens match (the connection's ``totalCount``)."""
    numbers = matching(criteria, list(keys), today).subquery()
    result = await connection.execute(select(func.count()).select_from(numbers))
    return int(result.scalar_one())
