"""Compose a supergraph from subgraph SDLs: read, upgrade, validate, merge, print."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import INVALID_GRAPHQL, CompositionError, CompositionIssue
from .facts import SubgraphFacts
from .merge import merge_subgraphs
from .model import Subgraph
from .printer import print_supergraph
from .source import SubgraphSource
from .subgraph import read_subgraph
from .upgrade import upgrade_federation1
from .validate import validate_subgraph

__all__ = ["compose_supergraph"]


def _check_names(sources: Sequence[SubgraphSource]) -> list[CompositionIssue]:
    issues: list[CompositionIssue] = []
    seen: set[str] = set()
    for source in sources:
        if not source.name:
            issues.append(CompositionIssue(INVALID_GRAPHQL, "a subgraph has an empty name"))
        elif source.name in seen:
            issues.append(CompositionIssue(
                "INVALID_SUBGRAPH_NAME",
                f'two subgraphs are named "{source.name}"; subgraph names must be unique'))
        seen.add(source.name)
    if not sources:
        issues.append(CompositionIssue(INVALID_GRAPHQL, "no subgraphs to compose"))
    return issues


def _read_all(sources: Sequence[SubgraphSource]) -> tuple[list[Subgraph], list[CompositionIssue]]:
    issues: list[CompositionIssue] = []
    subgraphs = []
    for source in sorted(sources, key=lambda s: s.name):
        subgraph = read_subgraph(source, issues)
        if subgraph is not None:
            subgraphs.append(subgraph)
    return subgraphs, issues


def compose_supergraph(subgraphs: Sequence[SubgraphSource]) -> str:
    """Compose ``subgraphs`` into a supergraph SDL the way ``@apollo/composition`` does.

    Subgraphs are ordered by name (Apollo's order), federation-1 SDL is upgraded, each
    subgraph's federation directives are validated, then types, fields, arguments and enum
    values are merged and ``@join__*`` metadata added. Raises :class:`CompositionError` with
    every problem found. Apollo's satisfiability check (can every field be reached through
    the query graph) is not performed.
    """
    issues = _check_names(subgraphs)
    if issues:
        raise CompositionError(issues)
    read, issues = _read_all(subgraphs)
    if issues:
        raise CompositionError(issues)
    upgrade_federation1(read, issues)
    for subgraph in read:
        issues.extend(validate_subgraph(subgraph, SubgraphFacts(subgraph)))
    if issues:
        raise CompositionError(issues)
    context = merge_subgraphs(read)
    if context.issues:
        raise CompositionError(context.issues)
    return print_supergraph(context.supergraph)
