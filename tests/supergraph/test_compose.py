"""Our composer against ``@apollo/composition``: every fixture case under tests/fixtures/compose.

Each case directory holds subgraph SDLs (``<name>.graphql``, served at
``http://127.0.0.1:4200/<name>``) and what ``tools/compose-ref`` (Apollo's composition)
produced for them: ``supergraph.graphql`` or, for failing cases, ``errors.json``. Supergraphs
must be byte-identical. For failures we compare Apollo's error codes (our messages are our
own wording) and check that each message names the subgraph, type and field involved.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.federation_subgraphs import BENCH_DIR
from gateway.errors import SupergraphError
from gateway.supergraph.compose import CompositionError, SubgraphSource, compose_supergraph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "compose"
BENCH = BENCH_DIR


def _sources(case: Path) -> list[SubgraphSource]:
    return [
        SubgraphSource(path.stem, f"http://127.0.0.1:4200/{path.stem}", path.read_text())
        for path in sorted(case.glob("*.graphql"))
        if path.name != "supergraph.graphql"
    ]


def _cases(expected: str) -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if (p / expected).exists())


@pytest.mark.parametrize("case", _cases("supergraph.graphql"))
def test_supergraph_matches_apollo_byte_for_byte(case: str) -> None:
    directory = FIXTURES / case
    assert compose_supergraph(_sources(directory)) == (directory / "supergraph.graphql").read_text()


def test_bench_fixture_is_the_benchmark_scenario() -> None:
    for path in (FIXTURES / "bench").glob("*.graphql"):
        assert path.read_text() == (BENCH / path.name).read_text(), path.name


# What each failing case's messages must mention (subgraph, type, field), besides the codes.
EXPECTED_MENTIONS = {
    "error-field-type": [['"Thing.size"', '"Int" in subgraph "one"', '"String" in subgraph "two"']],
    "error-input-type": [['"Filter.n"'], ['"Filter.req"', 'subgraph "one"', 'subgraph "two"']],
    "error-key-missing": [["[one]", '"sku"', '"Thing"'], ["[one]", '"nme"', '"Owner"']],
    "error-not-shareable": [['"Query.hello"', '"one" and "two"'],
                            ['"Thing.name"', '"one" and "two"']],
    "error-provides-missing": [["[one]", '"Query.a"', '"label"', '"Thing"']],
    "error-requires-missing": [["[one]", '"Thing.tax"', '"weight"', '"Thing"']],
    "error-unknown-directive": [["[one]", '"@key"', '"Thing"', "@federation__key"],
                                ["[one]", '"@frobnicate"', '"Thing.x"']],
    "error-invalid-sdl": [["[one]", "line 10, column 10", "Expected Name"]],
    "error-policy-interface": [["[one]", 'interface field "Notat.tekst"', "@policy"],
                               ["[one]", 'interface "Notat"', "@policy"]],
}


@pytest.mark.parametrize("case", _cases("errors.json"))
def test_failure_matches_apollo(case: str) -> None:
    directory = FIXTURES / case
    apollo = [e["code"] for e in json.loads((directory / "errors.json").read_text())]
    with pytest.raises(CompositionError) as raised:
        compose_supergraph(_sources(directory))
    if case == "error-invalid-sdl":
        # Deliberate difference: the reference script fails in graphql-js's parser before
        # composition starts (code UNKNOWN); we report it as a composition error.
        assert raised.value.codes == ["INVALID_GRAPHQL"]
    else:
        assert sorted(raised.value.codes) == sorted(apollo)
    messages = sorted(raised.value.messages, key=lambda m: EXPECTED_ORDER(case, m))
    for message, mentions in zip(messages, EXPECTED_MENTIONS[case], strict=True):
        for mention in mentions:
            assert mention in message


def EXPECTED_ORDER(case: str, message: str) -> int:  # noqa: N802 - reads as a table lookup
    """Index of the expectation a message belongs to (by its first mention)."""
    for index, mentions in enumerate(EXPECTED_MENTIONS[case]):
        if all(m in message for m in mentions[:2]):
            return index
    return len(EXPECTED_MENTIONS[case])


def test_every_error_case_has_expectations() -> None:
    assert set(_cases("errors.json")) == set(EXPECTED_MENTIONS)


def test_composition_error_is_a_supergraph_error() -> None:
    assert issubclass(CompositionError, SupergraphError)


def _sdl(body: str) -> str:
    return ('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", '
            'import: ["@key", "@shareable"])\n' + body)


def test_duplicate_subgraph_names_are_rejected() -> None:
    sdl = _sdl("type Query { a: Int }")
    with pytest.raises(CompositionError) as raised:
        compose_supergraph([SubgraphSource("a", "http://x/a", sdl),
                            SubgraphSource("a", "http://x/b", sdl)])
    assert raised.value.codes == ["INVALID_SUBGRAPH_NAME"]
    assert '"a"' in raised.value.messages[0]


def test_no_subgraphs_is_an_error() -> None:
    with pytest.raises(CompositionError):
        compose_supergraph([])


def test_all_problems_are_reported_together() -> None:
    one = _sdl('type Query { a: Int }\ntype T @key(fields: "nope") { id: ID! }')
    two = _sdl('type Query { b: Int }\ntype U @key(fields: "gone") { id: ID! }')
    with pytest.raises(CompositionError) as raised:
        compose_supergraph([SubgraphSource("one", "u1", one), SubgraphSource("two", "u2", two)])
    assert [i.subgraph for i in raised.value.issues] == ["one", "two"]
    assert "composition failed with 2 error(s)" in str(raised.value)


def test_override_from_unknown_subgraph_alone_needs_no_join_field() -> None:
    # Checked with @apollo/composition 2.14.4: when only one subgraph has the type, the
    # @override pointing at an absent subgraph changes nothing (see the `override` fixture
    # for the `override:` argument kept next to other subgraphs).
    sdl = ('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", '
           'import: ["@key", "@override"])\n'
           'type Query { t: T }\ntype T @key(fields: "id") { id: ID! '
           'name: String @override(from: "gone") }')
    other = _sdl('type Query { u: Int }')
    supergraph = compose_supergraph([SubgraphSource("a", "u", sdl),
                                     SubgraphSource("b", "v", other)])
    assert supergraph.endswith('type T\n  @join__type(graph: A, key: "id")\n'
                               '{\n  id: ID!\n  name: String\n}')


def test_requires_on_non_external_field_is_rejected() -> None:
    sdl = ('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", '
           'import: ["@key", "@requires"])\n'
           'type Query { t: T }\ntype T @key(fields: "id") { id: ID! price: Int '
           'tax: Int @requires(fields: "price") }')
    with pytest.raises(CompositionError) as raised:
        compose_supergraph([SubgraphSource("shop", "u", sdl)])
    assert raised.value.codes == ["REQUIRES_FIELDS_MISSING_EXTERNAL"]
    assert '"T.tax"' in raised.value.messages[0] and '"T.price"' in raised.value.messages[0]


def test_unused_external_is_rejected_in_federation_2() -> None:
    sdl = ('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", '
           'import: ["@key", "@external"])\n'
           'type Query { t: T }\ntype T @key(fields: "id") { id: ID! price: Int @external }')
    with pytest.raises(CompositionError) as raised:
        compose_supergraph([SubgraphSource("shop", "u", sdl)])
    assert raised.value.codes == ["EXTERNAL_UNUSED"]
    assert "[shop]" in raised.value.messages[0] and '"T.price"' in raised.value.messages[0]
