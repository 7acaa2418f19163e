"""Helpers for the målgruppe index tests: mocks on loopback, persona principals, an oracle.

The oracle builds every citizen's metadata rows straight from the population (the same
builders the sync uses, without HTTP or SQL) and evaluates criteria in plain Python, so the
SQL search and the sync are each checked against an independent evaluation.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import aiohttp

import mocks.beskaeftigelse
import mocks.cpr
import mocks.social
import mocks.sundhed
import mocks.uddannelse
from authz.principal import Medarbejder, Principal, principal_from_claims
from authz.store.engine import Database
from mocks.common.serve import serve_apps
from mocks.idp.claims import build_claims
from mocks.idp.personas import PERSONAS
from mocks.population import Person, Population
from subgraphs.hoi.client import SECTORS
from subgraphs.hoi.index.access import key_visible
from subgraphs.hoi.index.criteria import Criteria, IndsatsMatch
from subgraphs.hoi.index.extract import rows_of
from subgraphs.hoi.index.model import PLANTYPE_SYSTEM, Art, MetadataRow
from subgraphs.hoi.index.sync import IndexSync

__all__ = ["MOCKS", "EditablePopulation", "Mocks", "Oracle", "persona", "serve_mocks",
           "sync_for"]

MOCKS = {"beskaeftigelse": mocks.beskaeftigelse.create_app, "social": mocks.social.create_app,
         "uddannelse": mocks.uddannelse.create_app, "sundhed": mocks.sundhed.create_app,
         "cpr": mocks.cpr.create_app}


@dataclass(frozen=True)
class EditablePopulation(Population):
    """A population whose records a test can change (or remove) while the mocks run."""

    overrides: dict[tuple[str, int], dict[str, Any] | None] = field(
        default_factory=dict, hash=False, compare=False)

    def record(self, sector: str, person: Person) -> dict[str, Any] | None:
        """The overridden record if the test set one, else the generated one."""
        if (sector, person.index) in self.overrides:
            return self.overrides[(sector, person.index)]
        return super().record(sector, person)


@dataclass
class Mocks:
    """The running mocks: base URLs and the apps (for faults and request logs)."""

    urls: dict[str, str]
    apps: dict[str, Any]

    @property
    def sector_urls(self) -> dict[str, str]:
        """The four sector systems' URLs."""
        return {name: url for name, url in self.urls.items() if name != "cpr"}


@contextlib.asynccontextmanager
async def serve_mocks(population: Population) -> AsyncIterator[Mocks]:
    """The four sector mocks and the person register over ``population``, on loopback."""
    apps = {name: factory(population) for name, factory in MOCKS.items()}
    async with serve_apps(apps) as servers:
        yield Mocks(urls={name: server.url for name, server in servers.items()}, apps=apps)


def sync_for(database: Database, session: aiohttp.ClientSession, running: Mocks,
             page_size: int = 500) -> IndexSync:
    """An :class:`IndexSync` reading the running mocks."""
    return IndexSync(database, session, person_url=running.urls["cpr"],
                     sector_urls=running.sector_urls, page_size=page_size)


def persona(name: str) -> Principal:
    """The principal a token for the demo persona ``name`` becomes."""
    return principal_from_claims(build_claims(PERSONAS[name], issuer="https://idp.test",
                                              audience="helhed-gateway", now=0, lifetime=60))


def _matches(match: IndsatsMatch, row: MetadataRow) -> bool:
    code = match.type is None or (row.type_system, row.type_kode) == (match.type.system,
                                                                      match.type.kode)
    hjemmel = match.lov is None or (row.hjemmel_lov, row.hjemmel_paragraf) == (match.lov,
                                                                               match.paragraf)
    if match.type is not None and match.lov is not None:
        arts = {Art.INDSATS}
    elif match.type is not None:
        arts = {Art.INDSATS, Art.PLAN}
    else:
        arts = {Art.SAG, Art.INDSATS}
    return row.art in arts and code and hjemmel


def _age(born: date, today: date) -> int:
    return today.year - born.year - int((today.month, today.day) < (born.month, born.day))


@dataclass
class Oracle:
    """Every citizen's rows and birth date, computed directly from the population."""

    citizens: dict[str, tuple[date, list[MetadataRow]]]

    @classmethod
    def of(cls, population: Population, indexes: Iterable[int] | None = None,
           now: datetime | None = None) -> Oracle:
        """Rows as the sync would write them at ``now`` (default: the real now; people
        without any record are left out)."""
        now = now or datetime.now(UTC)
        citizens: dict[str, tuple[date, list[MetadataRow]]] = {}
        for index in indexes if indexes is not None else range(population.size):
            person = population.person(index)
            rows: list[MetadataRow] = []
            for source in SECTORS:
                record = population.record(source.name, person)
                if record is not None:
                    rows += rows_of(source.name, record, source.build(record, now), now)
            if any(population.record(s.name, person) is not None for s in SECTORS):
                citizens[str(person.id)] = (person.foedselsdato, rows)
        return cls(citizens)

    def expected(self, criteria: Criteria, principal: Medarbejder, today: date) -> list[str]:
        """The ids the search must find, in id order."""
        found = []
        for borger_id, (born, rows) in self.citizens.items():
            visible = [r for r in rows if key_visible(principal, r.key)]
            if visible and self._holds(criteria, visible, born, today):
                found.append(borger_id)
        return sorted(found)

    def members(self, criteria: Criteria, kommune_cvr: str, today: date) -> set[str]:
        """The ids meeting ``criteria`` over all their rows of the municipality."""
        found = set()
        for borger_id, (born, rows) in self.citizens.items():
            own = [r for r in rows if r.key.kommune_cvr == kommune_cvr]
            if own and self._holds(criteria, own, born, today):
                found.add(borger_id)
        return found

    @staticmethod
    def _holds(criteria: Criteria, rows: list[MetadataRow], born: date, today: date) -> bool:
        active = [r for r in rows if r.aktiv]
        sectors = {r.key.sektor for r in active if r.art is Art.SAG}
        min_plan = any(r.art is Art.PLAN and (r.type_system, r.type_kode) == (
            PLANTYPE_SYSTEM, "MIN_PLAN") for r in active)
        checks = [
            criteria.min_sektorer is None or len(sectors) >= criteria.min_sektorer,
            all(any(_matches(m, r) for m in group for r in active)
                for group in criteria.indsatser),
            all(any(r.art is Art.KONTAKTGRUPPE and (r.type_system, r.type_kode) in {
                (c.system, c.kode) for c in codes} for r in active)
                for codes in criteria.kontaktgrupper),
            criteria.har_min_plan is None or criteria.har_min_plan == min_plan,
            criteria.min_alder is None or _age(born, today) >= criteria.min_alder,
            criteria.max_alder is None or _age(born, today) <= criteria.max_alder,
        ]
        return all(checks)
