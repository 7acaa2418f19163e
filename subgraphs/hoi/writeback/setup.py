"""The worker as the stack runs it: Min Plan (the DFDG system) for beskæftigelse."""

from __future__ import annotations

import aiohttp

from authz.store import Sektor
from subgraphs.common.client import PersonClient
from subgraphs.hoi import plan_state as state
from subgraphs.hoi.writeback.minplan import MinPlanSender
from subgraphs.hoi.writeback.worker import WritebackSettings, WritebackWorker

__all__ = ["minplan_worker"]


def minplan_worker(store: state.HoiStore, session: aiohttp.ClientSession, *, person_url: str,
                   beskaeftigelse_url: str,
                   settings: WritebackSettings | None = None) -> WritebackWorker:
    """A worker delivering beskæftigelse items to Min Plan at ``beskaeftigelse_url``."""
    sender = MinPlanSender(session, beskaeftigelse_url, PersonClient(session, person_url))
    return WritebackWorker(store, {Sektor.BESKAEFTIGELSE: sender}, settings)
