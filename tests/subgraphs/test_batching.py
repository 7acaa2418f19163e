"""DataLoader batching: N citizens or objects cost ONE call to each system behind a subgraph."""

from __future__ import annotations

import aiohttp

from mocks.stack import RunningStack
from tests.subgraphs.support import calls, entities, gql, reset_calls

_LOOKUP = {"beskaeftigelse": "/dfdg/v1/borgere/opslag", "social": "/ffb/api/v2/borgere/soeg",
           "uddannelse": "/udb/v1/Unge/Opslag", "sundhed": "/spo/v1/patienter/opslag"}
_PERSONS = "/cpr/v1/personer/opslag"
_FIELD = {"beskaeftigelse": "beskaeftigelsesSager { id titel }",
          "social": "socialeSager { id titel indsatser { id } }",
          "uddannelse": "uddannelsesSager { id } uddannelsesplan { id }",
          "sundhed": "sundhedsSager { id } aftaleoversigt { id }"}


def _people(stack: RunningStack, sector: str, count: int) -> list[str]:
    ids = [str(p.id) for p in stack.population.people() if sector in p.sectors]
    return ids[:count]


async def test_n_citizens_cost_one_call_per_system(stack: RunningStack,
                                                   http: aiohttp.ClientSession) -> None:
    for sector, field in _FIELD.items():
        people = _people(stack, sector, 12)
        reset_calls(stack, sector, "cpr")
        body = await entities(http, stack.subgraph_urls[sector],
                              [{"__typename": "Borger", "id": pid} for pid in people],
                              f"... on Borger {{ {field} }}")
        assert "errors" not in body
        assert all(item[next(iter(item.keys() - {"__typename"}))] for item in
                   body["data"]["_entities"])
        assert calls(stack, "cpr") == [(_PERSONS, 12)], sector
        assert calls(stack, sector) == [(_LOOKUP[sector], 12)], sector


async def test_n_entities_by_id_cost_one_call(stack: RunningStack,
                                              http: aiohttp.ClientSession) -> None:
    people = _people(stack, "social", 8)
    body = await entities(http, stack.subgraph_urls["social"],
                          [{"__typename": "Borger", "id": pid} for pid in people],
                          "... on Borger { socialeSager { id indsatser { id } } }")
    reps = [{"__typename": "SocialIndsats", "id": indsats["id"]}
            for borger in body["data"]["_entities"] for sag in borger["socialeSager"]
            for indsats in sag["indsatser"]]
    reset_calls(stack, "social", "cpr")
    body = await entities(http, stack.subgraph_urls["social"], reps,
                          "... on SocialIndsats { titel sag { id } }")
    assert all(item["titel"] for item in body["data"]["_entities"])
    assert calls(stack, "social") == [(_LOOKUP["social"], len(reps))]
    assert calls(stack, "cpr") == []


async def test_hoi_reads_each_system_once_per_request(stack: RunningStack,
                                                      http: aiohttp.ClientSession) -> None:
    people = [p for p in stack.population.people() if len(p.sectors) >= 2][:6]
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Borger { " \
            "navn sager { id } indsatser { id } tidslinje { id } planer { id } } } }"
    reset_calls(stack, "cpr", *_LOOKUP)
    body = await gql(http, stack.subgraph_urls["hoi"], query,
                     {"r": [{"__typename": "Borger", "id": str(p.id)} for p in people]})
    assert "errors" not in body
    assert calls(stack, "cpr") == [(_PERSONS, 6)]
    for sector, path in _LOOKUP.items():
        assert calls(stack, sector) == [(path, len(people))], sector
