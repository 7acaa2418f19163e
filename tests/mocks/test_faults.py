"""Fault injection: slow, fail, garbage, counted faults, start-up faults, the request log."""

from __future__ import annotations

import time

import orjson
import pytest

import mocks.social
from mocks.common.faults import FaultConfig, FaultMode
from mocks.population import DEMO_CITIZEN, Population
from tests.mocks.support import running

_POPULATION = Population(size=50)
_LOOKUP = "/ffb/api/v2/borgere/soeg"


async def test_fail_mode_answers_503_until_reset() -> None:
    async with running(mocks.social.create_app(_POPULATION)) as mock:
        status, body = await mock.post("/_admin/faults", {"mode": "fail"})
        assert (status, body["mode"]) == (200, "fail")
        for _ in range(3):
            assert (await mock.post(_LOOKUP, {"cpr": [DEMO_CITIZEN.cpr]}))[0] == 503
        await mock.post("/_admin/faults", {"mode": "ok"})
        assert (await mock.post(_LOOKUP, {"cpr": [DEMO_CITIZEN.cpr]}))[0] == 200


async def test_garbage_mode_sends_json_content_type_with_a_broken_body() -> None:
    async with running(mocks.social.create_app(_POPULATION)) as mock:
        await mock.post("/_admin/faults", {"mode": "garbage"})
        status, raw, content_type = await mock.get("/health")
        assert (status, content_type) == (200, "application/json")
        with pytest.raises(orjson.JSONDecodeError):
            orjson.loads(raw)


async def test_slow_mode_delays_and_count_disarms_the_fault() -> None:
    async with running(mocks.social.create_app(_POPULATION)) as mock:
        await mock.post("/_admin/faults", {"mode": "slow", "delay": 0.3, "count": 1})
        started = time.perf_counter()
        assert (await mock.get("/health"))[0] == 200
        assert time.perf_counter() - started >= 0.3
        started = time.perf_counter()
        assert (await mock.get("/health"))[0] == 200
        assert time.perf_counter() - started < 0.3
        assert (await mock.post("/_admin/faults", {}))[1]["mode"] == "ok"


async def test_fault_given_at_start_up_and_admin_is_never_faulted() -> None:
    app = mocks.social.create_app(_POPULATION, FaultConfig(FaultMode.FAIL, count=2))
    async with running(app) as mock:
        assert (await mock.get("/_admin/faults"))[0] == 200
        assert [(await mock.get("/health"))[0] for _ in range(3)] == [503, 503, 200]


async def test_bad_fault_requests_are_refused() -> None:
    async with running(mocks.social.create_app(_POPULATION)) as mock:
        assert (await mock.post("/_admin/faults", {"mode": "explode"}))[0] == 400
        assert (await mock.post("/_admin/faults", {"mode": "slow", "delay": -1}))[0] == 400
        assert (await mock.post("/_admin/faults", {"mode": "fail", "count": "x"}))[0] == 400


async def test_request_log_counts_batch_keys_without_recording_them() -> None:
    async with running(mocks.social.create_app(_POPULATION)) as mock:
        await mock.post(_LOOKUP, {"cpr": [DEMO_CITIZEN.cpr, "6101011234", "6202021234"]})
        status, raw, _ = await mock.get("/_admin/calls")
        assert orjson.loads(raw) == [{"method": "POST", "path": _LOOKUP, "keys": 3}]
        assert DEMO_CITIZEN.cpr.encode() not in raw
        async with mock.session.delete(mock.url + "/_admin/calls") as response:
            assert await response.json() == []
