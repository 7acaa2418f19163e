"""SDL snapshots: the printed subgraph schemas and the composed supergraph are checked in.

A schema change fails these tests until the snapshot is updated:
``UPDATE_SNAPSHOTS=1 pytest tests/subgraphs/test_sdl_snapshots.py`` (or
``python -m subgraphs.snapshots --compose``).
"""

from __future__ import annotations

import os

import pytest
from graphql import ObjectTypeDefinitionNode, parse, print_ast

from subgraphs.snapshots import (
    SUBGRAPH_NAMES,
    SUPERGRAPH_PATH,
    compose,
    print_sdl,
    snapshot_path,
)

_UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


@pytest.mark.parametrize("name", SUBGRAPH_NAMES)
def test_subgraph_sdl_matches_snapshot(name: str) -> None:
    printed = print_sdl(name)
    path = snapshot_path(name)
    if _UPDATE:
        path.write_text(printed, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == printed, (
        f"{name} SDL changed; run with UPDATE_SNAPSHOTS=1 to accept it")


@pytest.mark.parametrize("name", SUBGRAPH_NAMES)
def test_subgraph_sdl_is_federation_2_with_borger_keyed_by_id(name: str) -> None:
    sdl = print_sdl(name)
    assert 'schema @link(url: "https://specs.apollo.dev/federation/v2.' in sdl
    assert 'type Borger @key(fields: "id") {' in sdl
    assert '@key(fields: "cpr")' not in sdl


def test_supergraph_is_fresh() -> None:
    composed = compose().rstrip("\n") + "\n"
    if _UPDATE:
        SUPERGRAPH_PATH.write_text(composed, encoding="utf-8")
    assert SUPERGRAPH_PATH.read_text(encoding="utf-8") == composed, (
        "supergraph.graphql is stale; run python -m subgraphs.snapshots --compose")


_METADATA = {"id": "UUID!", "kommuneCvr": "CVR!", "sektor": "Sektor!", "kle": "KLE",
             "foelsomhed": "Foelsomhed!", "ansvarligEnhed": "UUID", "kilde": "Kilde!",
             "synlighed": "Synlighed!", "tidslinjeTid": "DateTime!"}


def test_access_metadata_is_on_every_sector_object_type() -> None:
    checked = 0
    for name in SUBGRAPH_NAMES[1:]:
        for node in parse(print_sdl(name)).definitions:
            if not isinstance(node, ObjectTypeDefinitionNode) or node.name.value == "Borger":
                continue
            if not any(d.name.value == "key" for d in node.directives or ()):
                continue
            checked += 1
            assert "AdgangsStyret" in {i.name.value for i in node.interfaces or ()}
            fields = {f.name.value: print_ast(f.type) for f in node.fields or ()}
            assert {k: fields.get(k) for k in _METADATA} == _METADATA, node.name.value
    assert checked == 18
