"""Schema migrations: idempotent, safe under concurrent start-up, append-only enforced."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import inspect, text

from authz.store import SchemaTooNew, Store, StoreUnavailable
from authz.store.migrations import MIGRATIONS
from authz.store.tables import VERSION_TABLE, metadata
from tests.authz.store.samples import WORKER, audit_record, borger_id, new_samtykke
from tests.support.databases import sqlite_url
from tests.support.loopback import refused_port


async def _versions(store: Store) -> list[tuple[int, str]]:
    async with store.database.read() as connection:
        result = await connection.execute(text(
            f"SELECT version, name FROM {VERSION_TABLE} ORDER BY version"))
        return [(row.version, row.name) for row in result]


async def test_migrations_run_twice_are_idempotent(database_url: str) -> None:
    first = await Store.open(database_url)
    samtykke = await first.samtykker.give(new_samtykke(borger_id()), WORKER)
    await first.close()
    second = await Store.open(database_url)
    try:
        assert await _versions(second) == [(m.version, m.name) for m in MIGRATIONS]
        assert await second.samtykker.get(samtykke.id) == samtykke  # data kept
    finally:
        await second.close()


async def test_concurrent_start_up_applies_each_migration_once(database_url: str) -> None:
    stores = await asyncio.gather(*(Store.open(database_url) for _ in range(4)))
    try:
        assert await _versions(stores[0]) == [(m.version, m.name) for m in MIGRATIONS]
        if stores[0].dialect == "sqlite":  # a racing WAL switch is deferred, never lost
            async with stores[0].database.read() as connection:
                mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
            assert mode == "wal"
    finally:
        for store in stores:
            await store.close()


async def test_migrated_schema_matches_the_query_tables(store: Store) -> None:
    def columns(sync_connection: object) -> dict[str, set[str]]:
        inspector = inspect(sync_connection)
        return {name: {c["name"] for c in inspector.get_columns(name)}
                for name in metadata.tables}

    async with store.database.read() as connection:
        found = await connection.run_sync(columns)
    assert found == {name: {c.name for c in table.columns}
                     for name, table in metadata.tables.items()}


async def test_a_newer_schema_is_refused(store: Store, database_url: str) -> None:
    async with store.database.write() as connection:
        await connection.execute(text(
            f"INSERT INTO {VERSION_TABLE} (version, name, applied_at) "
            "VALUES (99, 'from the future', '2030-01-01 00:00:00')"))
    with pytest.raises(SchemaTooNew):
        await Store.open(database_url)


@pytest.mark.parametrize("statement", [
    "UPDATE samtykke SET borger_id = borger_id",
    "DELETE FROM samtykke",
    "UPDATE samtykke_status SET status = 'AKTIV'",
    "DELETE FROM samtykke_status",
    "UPDATE adgangslog SET afvist = afvist",
    "DELETE FROM adgangslog",
])
async def test_the_database_refuses_update_and_delete(store: Store, statement: str) -> None:
    samtykke = await store.samtykker.give(new_samtykke(borger_id()), WORKER)
    await store.audit.append([audit_record(borger_id=samtykke.borger_id)])
    with pytest.raises(StoreUnavailable) as caught:
        async with store.database.write() as connection:
            await connection.execute(text(statement))
    assert "append-only table" in str(caught.value.__cause__)
    assert await store.samtykker.get(samtykke.id) == samtykke
    assert len((await store.audit.for_borger(samtykke.borger_id)).entries) == 1


@pytest.mark.postgres
async def test_postgres_refuses_truncate(postgres_url: str) -> None:
    async with await Store.open(postgres_url) as store:
        record = audit_record()
        await store.audit.append([record])
        for table in ("adgangslog", "samtykke_status", "samtykke"):
            with pytest.raises(StoreUnavailable) as caught:
                async with store.database.write() as connection:
                    await connection.execute(text(f"TRUNCATE {table} CASCADE"))
            assert "append-only table" in str(caught.value.__cause__)
        assert (await store.audit.for_borger(str(record.borger_id))).records == (record,)


async def test_unreachable_database_fails_to_open(tmp_path: object) -> None:
    with refused_port() as down:
        port = down.getsockname()[1]
        with pytest.raises(StoreUnavailable):
            await Store.open(f"postgresql://postgres@127.0.0.1:{port}/test", transaction_timeout=2)


@pytest.mark.parametrize("url", ["mysql://x@y/z", "sqlite://", "sqlite:///:memory:", "nonsense"])
async def test_other_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="URL"):
        await Store.open(url)


async def test_sqlite_file_in_a_missing_directory_fails_to_open(tmp_path: object) -> None:
    from pathlib import Path

    with pytest.raises(StoreUnavailable):
        await Store.open(sqlite_url(Path(str(tmp_path)) / "missing" / "dir"))
