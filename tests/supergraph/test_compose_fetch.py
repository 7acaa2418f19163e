"""``fetch_subgraph_sources`` against a real Strawberry subgraph over HTTP, and ``compose``.

The Strawberry schema below is the one whose ``_service { sdl }`` is committed as
``tests/fixtures/compose/strawberry/people.graphql``; Apollo's composition of it with
``cases.graphql`` is that case's ``supergraph.graphql``.
"""

from __future__ import annotations

import asyncio
import enum
import json
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import strawberry
import uvicorn
from click.testing import CliRunner
from strawberry.asgi import GraphQL

from gateway.compose_cli import compose
from gateway.errors import SubgraphBadResponse, SubgraphUnavailable
from gateway.supergraph.compose import compose_supergraph, fetch_subgraph_sources
from gateway.supergraph.compose.fetch import _sdl_from

CASE = Path(__file__).resolve().parents[1] / "fixtures" / "compose" / "strawberry"


@strawberry.enum(description="How a person is registered.")
class Registration(enum.Enum):
    CITIZEN = "CITIZEN"
    RESIDENT = "RESIDENT"


@strawberry.input
class PersonFilter:
    municipality: str | None = None
    limit: int = 10


@strawberry.federation.interface(keys=["id"])
class Party:
    id: strawberry.ID


@strawberry.federation.type(keys=["id"], description="A person known to the municipality.")
class Person(Party):
    name: str = strawberry.federation.field(shareable=True)
    cpr: str | None = strawberry.federation.field(inaccessible=True, tags=["pii"])
    registration: Registration = Registration.CITIZEN

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person:  # noqa: A002 - federation name
        return Person(id=id, name=f"person {id}", cpr=None)


@strawberry.federation.type(keys=["caseId"])
class Case:
    case_id: strawberry.ID
    title: str = strawberry.federation.field(external=True)
    headline: str = strawberry.federation.field(requires=["title"], default="")


@strawberry.type
class Query:
    @strawberry.field
    def people(self, filter: PersonFilter | None = None) -> list[Person]:  # noqa: A002
        return [Person(id=strawberry.ID("1"), name="Ada", cpr=None)]

    @strawberry.federation.field(shareable=True)
    def municipality(self) -> str:
        return "Aarhus"


SCHEMA = strawberry.federation.Schema(query=Query, types=[Case])


def _bound_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


def _server(sock: socket.socket) -> uvicorn.Server:
    config = uvicorn.Config(GraphQL(SCHEMA), lifespan="off", log_level="critical",
                            access_log=False, ws="none")
    return uvicorn.Server(config)


@pytest.fixture
async def people_url() -> AsyncIterator[str]:
    """The Strawberry subgraph served by uvicorn in this event loop."""
    sock = _bound_socket()
    server = _server(sock)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/graphql"
    server.should_exit = True
    await task
    sock.close()


@pytest.fixture
def people_url_in_thread() -> Iterator[str]:
    """The same subgraph served from a background thread (for synchronous CLI tests)."""
    sock = _bound_socket()
    server = _server(sock)
    thread = threading.Thread(target=asyncio.run, args=(server.serve(sockets=[sock]),),
                              daemon=True)
    thread.start()
    for _ in range(500):
        if server.started or not thread.is_alive():
            break
        threading.Event().wait(0.01)
    if not server.started:
        raise RuntimeError("subgraph server did not start")
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/graphql"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture
def refused_url() -> Iterator[str]:
    """A URL whose port is bound but never listens: connections are refused."""
    sock = _bound_socket()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/graphql"
    sock.close()


def test_fixture_sdl_is_what_the_strawberry_subgraph_prints() -> None:
    result = SCHEMA.execute_sync("{ _service { sdl } }")
    assert result.data is not None
    assert result.data["_service"]["sdl"] == (CASE / "people.graphql").read_text()


async def test_fetch_and_compose_a_live_strawberry_subgraph(people_url: str) -> None:
    fetched = await fetch_subgraph_sources([("people", people_url)], timeout=5)
    assert [(s.name, s.url) for s in fetched] == [("people", people_url)]
    assert fetched[0].sdl == (CASE / "people.graphql").read_text()
    cases = fetched[0].__class__("cases", "http://127.0.0.1:4200/cases",
                                 (CASE / "cases.graphql").read_text())
    people = fetched[0].__class__("people", "http://127.0.0.1:4200/people", fetched[0].sdl)
    expected = (CASE / "supergraph.graphql").read_text()
    assert compose_supergraph([people, cases]) == expected


async def test_unreachable_subgraph_names_subgraph_and_url(refused_url: str) -> None:
    with pytest.raises(SubgraphUnavailable) as raised:
        await fetch_subgraph_sources([("people", refused_url)], timeout=5)
    assert raised.value.subgraph == "people"
    assert '"people"' in str(raised.value) and refused_url in str(raised.value)


@pytest.mark.parametrize("body", [
    [], {"data": {"hello": 1}}, {"errors": [{"message": "Cannot query field _service"}]},
])
def test_non_federation_answer_is_a_bad_response(body: object) -> None:
    with pytest.raises(SubgraphBadResponse) as raised:
        _sdl_from("people", "http://127.0.0.1:1/graphql", body)
    assert '"people"' in str(raised.value) and "http://127.0.0.1:1/graphql" in str(raised.value)


def test_cli_composes_live_subgraphs(people_url_in_thread: str, tmp_path: Path) -> None:
    config = tmp_path / "subgraphs.json"
    (tmp_path / "cases.graphql").write_text((CASE / "cases.graphql").read_text())
    config.write_text(json.dumps([
        {"name": "cases", "url": "http://127.0.0.1:4200/cases", "sdl_file": "cases.graphql"},
        {"name": "people", "url": people_url_in_thread},
    ]))
    output = tmp_path / "supergraph.graphql"
    result = CliRunner().invoke(compose, ["--config", str(config), "--output", str(output)])
    assert result.exit_code == 0, result.output
    expected = (CASE / "supergraph.graphql").read_text().replace(
        "http://127.0.0.1:4200/people", people_url_in_thread)
    assert output.read_text() == expected + "\n"


def test_cli_subgraph_option_fetches_live_subgraphs(people_url_in_thread: str) -> None:
    # Alone, the people subgraph cannot compose: Case.title is external there and nobody
    # resolves it. The command must have fetched the SDL to find that out.
    result = CliRunner().invoke(compose, ["--subgraph", f"people={people_url_in_thread}"])
    assert result.exit_code == 1
    assert "EXTERNAL_MISSING_ON_BASE" in result.stderr and '"Case.title"' in result.stderr


def test_cli_prints_to_stdout_without_output(tmp_path: Path) -> None:
    config = tmp_path / "subgraphs.json"
    config.write_text(json.dumps([
        {"name": n, "url": f"http://127.0.0.1:4200/{n}", "sdl_file": str(CASE / f"{n}.graphql")}
        for n in ("cases", "people")
    ]))
    result = CliRunner().invoke(compose, ["--config", str(config)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (CASE / "supergraph.graphql").read_text() + "\n"


def test_cli_exit_code_1_lists_composition_errors(tmp_path: Path) -> None:
    case = CASE.parent / "error-not-shareable"
    config = tmp_path / "subgraphs.json"
    config.write_text(json.dumps([
        {"name": n, "url": f"http://x/{n}", "sdl_file": str(case / f"{n}.graphql")}
        for n in ("one", "two")
    ]))
    result = CliRunner().invoke(compose, ["--config", str(config)])
    assert result.exit_code == 1
    assert "INVALID_FIELD_SHARING" in result.stderr
    assert '"Thing.name"' in result.stderr and '"Query.hello"' in result.stderr


def test_cli_exit_code_2_when_a_subgraph_is_unreachable(refused_url: str) -> None:
    result = CliRunner().invoke(compose, ["--subgraph", f"people={refused_url}"])
    assert result.exit_code == 2
    assert '"people"' in result.stderr and refused_url in result.stderr


def test_cli_needs_subgraphs() -> None:
    result = CliRunner().invoke(compose, [])
    assert result.exit_code == 2
