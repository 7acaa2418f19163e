"""The hoi subgraph's sweep records a withdrawn samtykke's lapse without any reader."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from helhed.serving import serve_app
from subgraphs.hoi.app import create_app
from subgraphs.hoi.plan_state import HoiStore, SagHaendelse
from tests.subgraphs.hoi_plan.samples import citizen, open_case
from tests.support.databases import sqlite_url

pytestmark = pytest.mark.e2e


async def test_the_running_subgraph_records_lapses_in_the_background(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    app = create_app(mock_url="http://127.0.0.1:9", sector_urls={}, database_url=url,
                     sweep_interval=0.05)
    async with serve_app(app), await HoiStore.open(url) as hoi:
        sag = await open_case(hoi)
        await hoi.store.samtykker.withdraw(sag.current.samtykke_id, citizen(sag.borger_id),
                                           "MitID")
        for _ in range(100):
            read = await hoi.sager.hent(sag.id)
            assert read is not None
            if read.version == 2:
                break
            await asyncio.sleep(0.05)
        assert [v.haendelse for v in read.historik] == [SagHaendelse.OPRETTET,
                                                         SagHaendelse.SAMTYKKE_OPHOERT]
