"""Read one subgraph SDL into a :class:`~.model.Subgraph`, federation machinery stripped."""

from __future__ import annotations

from graphql.error import GraphQLSyntaxError
from graphql.language import (
    DirectiveDefinitionNode,
    DocumentNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    parse,
)

from .directives import DirectiveReader
from .errors import INVALID_GRAPHQL, CompositionIssue
from .links import FederationLink, read_federation_link
from .model import Subgraph, SubType
from .source import SubgraphSource
from .types import TypeReader

__all__ = ["read_subgraph", "FEDERATION_TYPES", "FEDERATION_FIELDS"]

FEDERATION_TYPES = frozenset({"_Any", "_Entity", "_Service", "_FieldSet", "FieldSet"})
"""Types federation adds to a subgraph; never part of the supergraph."""
FEDERATION_FIELDS = frozenset({"_service", "_entities"})
"""Query fields federation adds to a subgraph."""
DEFAULT_ROOTS = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}


def _syntax_issue(source: SubgraphSource, error: GraphQLSyntaxError) -> CompositionIssue:
    where = ""
    if error.locations:
        location = error.locations[0]
        where = f" at line {location.line}, column {location.column}"
    return CompositionIssue(
        INVALID_GRAPHQL, f"invalid SDL{where}: {error.message}", source.name)


def _is_machinery(name: str, link: FederationLink) -> bool:
    if name in FEDERATION_TYPES or name.startswith(("federation__", "link__")):
        return True
    return "__" in name and name.split("__", 1)[0] in link.foreign_prefixes


def _roots(document: DocumentNode) -> dict[str, str]:
    roots: dict[str, str] = {}
    for definition in document.definitions:
        if isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            for operation in definition.operation_types or ():
                roots[operation.operation.value] = operation.type.name.value
    return roots


def _custom_directives(document: DocumentNode, link: FederationLink) -> frozenset[str]:
    names = {
        d.name.value for d in document.definitions if isinstance(d, DirectiveDefinitionNode)
    }
    return frozenset(n for n in names if link.federation_name(n) is None)


def _type_nodes(document: DocumentNode,
                link: FederationLink) -> list[TypeDefinitionNode | TypeExtensionNode]:
    nodes = []
    for definition in document.definitions:
        if not isinstance(definition, TypeDefinitionNode | TypeExtensionNode):
            continue
        if _is_machinery(definition.name.value, link):
            continue
        nodes.append(definition)
    return nodes


def _ensure_query(subgraph: Subgraph) -> None:
    # Federation always gives a subgraph a query root (it holds `_service`), so every subgraph
    # contributes to the supergraph's Query even when its SDL declares none.
    if "Query" not in subgraph.types:
        subgraph.types["Query"] = SubType(kind="object", name="Query", has_definition=True)
    subgraph.roots.setdefault("query", "Query")


def read_subgraph(source: SubgraphSource,
                  issues: list[CompositionIssue]) -> Subgraph | None:
    """Parse ``source`` and read its types; problems go to ``issues``.

    Root types are renamed to ``Query``/``Mutation``/``Subscription`` (as Apollo does), the
    ``_service``/``_entities`` fields and ``_Any``/``_Entity``/``_Service``/``link__*``/
    ``federation__*`` definitions are dropped. Returns ``None`` when the SDL does not parse.
    """
    try:
        document = parse(source.sdl)
    except GraphQLSyntaxError as error:
        issues.append(_syntax_issue(source, error))
        return None
    link = read_federation_link(document)
    issues.extend(CompositionIssue(p.code, p.message, source.name) for p in link.problems)
    declared_roots = _roots(document)
    renames = {name: DEFAULT_ROOTS[kind] for kind, name in declared_roots.items()
               if name != DEFAULT_ROOTS[kind]}
    directives = DirectiveReader(source.name, link, _custom_directives(document, link), issues)
    reader = TypeReader(source.name, directives, renames, issues)
    for node in _type_nodes(document, link):
        reader.add(node)
    subgraph = Subgraph(name=source.name, url=source.url, fed2=link.fed2,
                        version=link.version, types=reader.types)
    present = {kind: DEFAULT_ROOTS[kind] for kind in DEFAULT_ROOTS
               if DEFAULT_ROOTS[kind] in subgraph.types or kind in declared_roots}
    subgraph.roots = present
    query = subgraph.types.get("Query")
    if query is not None:
        for name in FEDERATION_FIELDS:
            query.fields.pop(name, None)
    _ensure_query(subgraph)
    return subgraph

