"""mocks.stack: all mocks and subgraphs start on loopback, answer, and shut down."""

from __future__ import annotations

import aiohttp

from mocks.stack import MOCK_NAMES, SUBGRAPH_NAMES, run_stack


async def test_stack_starts_every_server_and_stops_them() -> None:
    async with run_stack(size=100) as stack:
        assert set(stack.mock_urls) == set(MOCK_NAMES)
        assert set(stack.subgraph_urls) == set(SUBGRAPH_NAMES)
        async with aiohttp.ClientSession() as session:
            for url in stack.mock_urls.values():
                async with session.get(url + "/health") as response:
                    assert response.status == 200
            for url in stack.subgraph_urls.values():
                async with session.post(url, json={"query": "{ _service { sdl } }"}) as response:
                    assert response.status == 200
                    assert "@key" in (await response.json())["data"]["_service"]["sdl"]
        urls = list(stack.subgraph_urls.values())
    async with aiohttp.ClientSession() as session:
        try:
            async with session.get(urls[0].replace("/graphql", "/health")) as response:
                raise AssertionError(f"still listening ({response.status})")
        except aiohttp.ClientConnectionError:
            pass
