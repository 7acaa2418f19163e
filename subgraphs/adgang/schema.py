"""The adgang subgraph's schema: samtykker and the adgangslog on ``Borger``, the auditor's
``Query.adgangslog``, and the ``registrerSamtykke`` / ``tilbagekaldSamtykke`` mutations.

``Borger`` is keyed by ``id`` (owned by hoi). Every field checks the caller itself (see
:mod:`subgraphs.adgang.access`); ``_service`` needs no token, so the gateway can compose.
The two ``Borger`` fields are nullable (DOMAIN §11.2 has ``[Samtykke!]!``): like the sector
fields, a refusal or an unavailable store then nulls only that field, not the citizen.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import TypeVar

import strawberry
from strawberry.types import Info

from authz.principal import Borger as BorgerPrincipal
from authz.principal import Medarbejder
from authz.store import InvalidStatusChange, PartType, SamtykkeNotFound, StoreUnavailable
from subgraphs.adgang import access
from subgraphs.adgang.context import AdgangContext
from subgraphs.adgang.convert import borger_page, log_page, samtykke_of
from subgraphs.adgang.inputs import RegistrerSamtykkeInput, new_samtykke
from subgraphs.adgang.types import (
    AdgangslogConnection,
    BorgerAdgangConnection,
    Samtykke,
    SamtykkeStatus,
)
from subgraphs.common.borger import BorgerNoegle
from subgraphs.common.schema import SubgraphSchema

__all__ = ["Borger", "Mutation", "Query", "schema"]

_Info = Info[AdgangContext, None]
T = TypeVar("T")
_PAGE = 50


async def _guard(work: Awaitable[T]) -> T:
    """Store failures and bad paging arguments as GraphQL errors with a code."""
    try:
        return await work
    except StoreUnavailable:
        raise access.AdgangError("SERVICE_UNAVAILABLE",
                                 "the samtykke registry is unavailable") from None
    except ValueError as error:
        raise access.bad_input(str(error)) from None


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


@strawberry.federation.type(keys=["id"], description="A citizen (entity owned by hoi).")
class Borger(BorgerNoegle):
    @strawberry.field(description="The citizen's samtykker (for the citizen themself, or an "
                                  "employee of a municipality they concern); null with an "
                                  "error when refused or unavailable.")
    async def samtykker(self, info: _Info,
                        status: list[SamtykkeStatus] | None = None) -> list[Samtykke] | None:
        context = info.context
        principal = await context.principal()
        own = await context.own_borger_id()
        borger_id = str(self.id)
        if isinstance(principal, BorgerPrincipal):
            access.ensure_self(principal, borger_id, own)
        elif not isinstance(principal, Medarbejder):
            raise access.forbidden("reading samtykker needs a privilege for the municipality")
        records = await _guard(context.samtykker.load(borger_id))
        wanted = None if status is None else {s.value for s in status}
        return [samtykke_of(r, for_citizen=isinstance(principal, BorgerPrincipal))
                for r in records if access.can_read_samtykke(principal, r, own)
                and (wanted is None or r.status.value in wanted)]

    @strawberry.field(description="Who has used the citizen's data: when, which organisation, "
                                  "why (only for the citizen themself; newest first).")
    async def adgangslog(self, info: _Info, fra: datetime | None = None,
                         til: datetime | None = None, first: int = _PAGE,
                         after: str | None = None) -> BorgerAdgangConnection | None:
        context = info.context
        access.ensure_self(await context.principal(), str(self.id),
                           await context.own_borger_id())
        page = await _guard(context.store.audit.for_borger(
            str(self.id), since=_utc(fra), until=_utc(til), first=first, after=after))
        return borger_page(page)


@strawberry.type
class Query:
    @strawberry.field(description="The adgangslog of the auditor's municipality, by citizen "
                                  "and/or employee (needs the revision-log role).")
    async def adgangslog(self, info: _Info, borger_id: uuid.UUID | None = None,
                         medarbejder: str | None = None, fra: datetime | None = None,
                         til: datetime | None = None, first: int = _PAGE,
                         after: str | None = None) -> AdgangslogConnection:
        cvr = access.audit_cvr(await info.context.principal())
        page = await _guard(info.context.store.audit.query(
            borger_id=None if borger_id is None else str(borger_id), viewer_id=medarbejder,
            kommune_cvr=cvr, since=_utc(fra), until=_utc(til), first=first, after=after))
        return log_page(page)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Register a samtykke (the hoi-samtykke-registrer role, "
                                     "or the citizen themself).")
    async def registrer_samtykke(self, info: _Info, input: RegistrerSamtykkeInput) -> Samtykke:
        context = info.context
        principal = await context.principal()
        own = await context.own_borger_id()
        new = new_samtykke(input)
        access.ensure_can_register(principal, new.borger_id, own,
                                   given_by_self=new.givet_af.type is PartType.BORGER)
        if not isinstance(principal, BorgerPrincipal) and new.borger_id not in (
                await context.persons.by_ids([new.borger_id])):
            raise access.not_found("borger")
        record = await _guard(context.store.samtykker.give(
            new, access.actor_for(principal, own)))
        return samtykke_of(record, for_citizen=isinstance(principal, BorgerPrincipal))

    @strawberry.mutation(description="Withdraw an active samtykke (effective at once).")
    async def tilbagekald_samtykke(self, info: _Info, id: uuid.UUID, kanal: str) -> Samtykke:
        context = info.context
        principal = await context.principal()
        own = await context.own_borger_id()
        record = await _guard(context.store.samtykker.get(str(id)))
        if record is None or not access.can_read_samtykke(principal, record, own):
            raise access.not_found("samtykke")
        if not access.can_withdraw(principal, record, own):
            raise access.forbidden("withdrawing this samtykke is not allowed")
        try:
            withdrawn = await _guard(context.store.samtykker.withdraw(
                record.id, access.actor_for(principal, own), kanal))
        except SamtykkeNotFound:
            raise access.not_found("samtykke") from None
        except InvalidStatusChange as error:
            refused = access.bad_input(f"the samtykke is {error.current}, not AKTIV")
            refused.extensions["status"] = error.current
            raise refused from None
        return samtykke_of(withdrawn, for_citizen=isinstance(principal, BorgerPrincipal))


schema = SubgraphSchema(query=Query, mutation=Mutation, types=[Borger])
"""The adgang subgraph's federation schema."""
