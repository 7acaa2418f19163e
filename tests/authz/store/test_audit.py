"""The adgangslog: batch append, fail-closed errors, filtering and keyset pagination."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from authz.store import (
    AuditRecord,
    AuditUnavailable,
    DeniedItem,
    EntityRef,
    LogHandling,
    Store,
    ViewerKind,
)
from tests.authz.store.samples import T0, audit_record, borger_id
from tests.support.databases import postgres_schema_url


async def test_append_stores_every_field(store: Store) -> None:
    borger = borger_id()
    record = audit_record(
        borger_id=borger, org_enhed=str(uuid.uuid4()), handling=LogHandling.SOEG,
        entiteter=(EntityRef(type="Borger", id=borger), EntityRef(type="SocialSag", id="s1")),
        felter=("Borger.navn", "SocialSag.titel"), soegekriterium="borger(cpr:) med 1 hit",
        samtykke_ider=(str(uuid.uuid4()),), hjemmel=("SEL §11c",), afvist=True,
        afvisnings_aarsag="CONSENT_REQUIRED",
        afviste=(DeniedItem(type="SocialIndsats", id="i1", code="CONSENT_REQUIRED"),
                 DeniedItem(type="Borger.cpr")))
    await store.audit.append([record])
    page = await store.audit.for_borger(borger)
    assert page.records == (record,)
    assert not page.has_next_page


async def test_a_batch_is_all_or_nothing(store: Store) -> None:
    borger = borger_id()
    first = audit_record(borger_id=borger)
    duplicate = audit_record(borger_id=borger, id=first.id)
    with pytest.raises(AuditUnavailable):
        await store.audit.append([first, duplicate])
    assert (await store.audit.for_borger(borger)).entries == ()
    await store.audit.append([])  # nothing to do, no error


async def test_closed_store_raises_audit_unavailable(database_url: str) -> None:
    store = await Store.open(database_url)
    await store.close()
    with pytest.raises(AuditUnavailable):
        await store.audit.append([audit_record()])


@pytest.mark.postgres
async def test_database_gone_raises_audit_unavailable() -> None:
    with postgres_schema_url() as url:
        store = await Store.open(url)
    try:  # the schema, with every table, is dropped now
        with pytest.raises(AuditUnavailable):
            await store.audit.append([audit_record()])
    finally:
        await store.close()


def test_records_refuse_a_cpr_where_it_could_leak() -> None:
    with pytest.raises(ValueError, match="CPR"):
        audit_record(soegekriterium="borger(cpr: 0101901234)")
    with pytest.raises(ValueError, match="CPR"):
        audit_record(soegekriterium="cpr 010190-1234")
    with pytest.raises(ValueError, match="UUID"):
        audit_record(borger_id="0101901234")
    with pytest.raises(ValueError, match="CPR"):
        audit_record(viewer_kind=ViewerKind.BORGER, viewer_id="0101901234")
    with pytest.raises(ValueError, match="timezone"):
        audit_record(tid=T0.replace(tzinfo=None))


async def test_pages_are_newest_first_without_gaps_or_repeats(store: Store) -> None:
    borger = borger_id()
    # Five records share one instant: the insertion order breaks the tie.
    records = [audit_record(borger_id=borger, tid=T0 + timedelta(minutes=n // 5 * 5))
               for n in range(12)]
    await store.audit.append(records[:6])
    await store.audit.append(records[6:])
    seen: list[AuditRecord] = []
    after = None
    while True:
        page = await store.audit.for_borger(borger, first=5, after=after)
        seen.extend(page.records)
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert len(seen) == 12
    assert [r.id for r in seen] == [r.id for r in sorted(
        records, key=lambda r: (r.tid, records.index(r)), reverse=True)]


async def test_filters_by_citizen_viewer_municipality_and_time(store: Store) -> None:
    borger, other = borger_id(), borger_id()
    records = [
        audit_record(borger_id=borger, viewer_id="jobcenter", tid=T0),
        audit_record(borger_id=borger, viewer_id="socialraadgiver", tid=T0 + timedelta(hours=1)),
        audit_record(borger_id=other, viewer_id="jobcenter", tid=T0 + timedelta(hours=2)),
        audit_record(borger_id=None, viewer_id="jobcenter", tid=T0 + timedelta(hours=3),
                     handling=LogHandling.SOEG, soegekriterium="cpr-opslag uden hit"),
        audit_record(borger_id=borger, viewer_id="jobcenter", kommune_cvr="22222222",
                     tid=T0 + timedelta(hours=4)),
    ]
    await store.audit.append(records)

    def ids(page: object) -> list[str]:
        return [r.id for r in page.records]  # type: ignore[attr-defined]

    assert ids(await store.audit.for_borger(borger)) == [
        records[4].id, records[1].id, records[0].id]
    assert ids(await store.audit.for_viewer("jobcenter", kommune_cvr="11111111")) == [
        records[3].id, records[2].id, records[0].id]
    assert ids(await store.audit.for_borger(borger, since=T0 + timedelta(hours=1),
                                            until=T0 + timedelta(hours=4))) == [
        records[4].id, records[1].id]
    assert ids(await store.audit.query(borger_id=borger, viewer_id="socialraadgiver")) == [
        records[1].id]
    assert ids(await store.audit.query(kommune_cvr="11111111", until=T0)) == [records[0].id]


async def test_bad_page_arguments_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="first"):
        await store.audit.for_borger(borger_id(), first=0)
    with pytest.raises(ValueError, match="cursor"):
        await store.audit.for_borger(borger_id(), after="bm90IGEgY3Vyc29y")
