"""Derive the API schema: the supergraph without link/join machinery or inaccessible elements."""

from __future__ import annotations

import dataclasses
from typing import Any

from graphql import (
    DirectiveDefinitionNode,
    DirectiveNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    InputObjectTypeDefinitionNode,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    UnionTypeDefinitionNode,
    build_ast_schema,
)

from gateway.errors import SupergraphError
from gateway.supergraph.links import Links
from gateway.supergraph.spec import INACCESSIBLE_SPEC

__all__ = ["build_api_schema"]


class _Filter:
    """Removes machinery and inaccessible elements from a supergraph document."""

    def __init__(self, links: Links) -> None:
        self.links = links
        spec = links.get(INACCESSIBLE_SPEC)
        self.inaccessible = spec.directive("inaccessible") if spec is not None else None
        self.hidden_types: set[str] = set()

    def hidden(self, node: Any) -> bool:
        if self.inaccessible is None:
            return False
        return any(d.name.value == self.inaccessible for d in node.directives or ())

    def directives(self, nodes: tuple[DirectiveNode, ...] | None) -> tuple[DirectiveNode, ...]:
        return tuple(d for d in nodes or () if not self.links.is_machinery_directive(d.name.value))

    def clean(self, node: Any, **changes: Any) -> Any:
        return dataclasses.replace(node, directives=self.directives(node.directives), **changes)

    def field(self, node: Any) -> Any:
        args = tuple(self.clean(a) for a in node.arguments or () if not self.hidden(a))
        return self.clean(node, arguments=args)

    def type_definition(self, node: TypeDefinitionNode) -> Any:
        if isinstance(node, (ObjectTypeDefinitionNode, InterfaceTypeDefinitionNode)):
            fields = tuple(self.field(f) for f in node.fields or () if not self.hidden(f))
            if not fields:
                raise SupergraphError(f"every field of {node.name.value} is inaccessible")
            interfaces = tuple(i for i in node.interfaces or ()
                               if i.name.value not in self.hidden_types)
            return self.clean(node, fields=fields, interfaces=interfaces)
        if isinstance(node, UnionTypeDefinitionNode):
            members = tuple(t for t in node.types or () if t.name.value not in self.hidden_types)
            if not members:
                raise SupergraphError(f"every member of union {node.name.value} is inaccessible")
            return self.clean(node, types=members)
        if isinstance(node, EnumTypeDefinitionNode):
            values = tuple(self.clean(v) for v in node.values or () if not self.hidden(v))
            if not values:
                raise SupergraphError(f"every value of enum {node.name.value} is inaccessible")
            return self.clean(node, values=values)
        if isinstance(node, InputObjectTypeDefinitionNode):
            fields = tuple(self.clean(f) for f in node.fields or () if not self.hidden(f))
            return self.clean(node, fields=fields)
        return self.clean(node)

    def document(self, document: DocumentNode) -> DocumentNode:
        type_defs = [d for d in document.definitions if isinstance(d, TypeDefinitionNode)]
        self.hidden_types = {d.name.value for d in type_defs if self.hidden(d)}
        out: list[Any] = []
        for d in document.definitions:
            if isinstance(d, (SchemaDefinitionNode, SchemaExtensionNode)):
                out.append(dataclasses.replace(d, directives=()))
            elif isinstance(d, DirectiveDefinitionNode):
                if not self.links.is_machinery_directive(d.name.value):
                    out.append(d)
            elif isinstance(d, (TypeDefinitionNode, TypeExtensionNode)):
                name = d.name.value
                if name in self.hidden_types or self.links.is_machinery_type(name):
                    continue
                out.append(self.type_definition(d) if isinstance(d, TypeDefinitionNode)
                           else self.clean(d))
            else:
                out.append(d)
        return dataclasses.replace(document, definitions=tuple(out))


def build_api_schema(document: DocumentNode, links: Links) -> GraphQLSchema:
    """Build the schema clients see from a supergraph document (PLANNER.md §1.6)."""
    filtered = _Filter(links).document(document)
    try:
        return build_ast_schema(filtered)
    except (GraphQLError, TypeError) as exc:
        raise SupergraphError(
            f"the API schema derived from the supergraph is invalid: {exc}") from exc
