"""Build an executable graphql-core schema for one federation subgraph from its SDL.

The subgraph SDL may be federation 2 (``extend schema @link(...)``) or federation 1 style
(``extend type Product @key(...)`` with no base definition). The result is the subgraph's own
schema plus what the federation subgraph spec adds: ``scalar _Any``, ``type _Service``,
``union _Entity`` and the ``Query._service`` / ``Query._entities`` fields.

Directive applications are not checked (``assume_valid_sdl``): Apollo's composition is what
validates fixture SDLs; this module only needs the types, fields and keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    BooleanValueNode,
    DocumentNode,
    GraphQLObjectType,
    GraphQLSchema,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    SelectionSetNode,
    StringValueNode,
    build_ast_schema,
    parse,
)
from graphql.language import DefinitionNode, DirectiveNode, TypeDefinitionNode

__all__ = ["EntityKey", "SubgraphSchema", "build_subgraph_schema", "parse_field_set"]

_FEDERATION_ADDITIONS = """
scalar _Any
type _Service { sdl: String }
"""


@dataclass(frozen=True, slots=True)
class EntityKey:
    """One ``@key`` of a type in this subgraph."""

    fields: str
    """The key's field set, as written."""

    selection: SelectionSetNode
    """The parsed field set."""

    resolvable: bool
    """False for ``@key(..., resolvable: false)``: no ``_entities`` lookup by this key."""


@dataclass(frozen=True, slots=True)
class SubgraphSchema:
    """A subgraph's executable schema and the federation facts read from its SDL."""

    sdl: str
    """The SDL as given (what ``_service { sdl }`` returns)."""

    schema: GraphQLSchema
    """The graphql-core schema, federation additions included."""

    keys: dict[str, tuple[EntityKey, ...]]
    """``@key`` directives per object or interface type name, in declaration order."""

    def possible_type_names(self, type_name: str) -> tuple[str, ...]:
        """Object types a value of ``type_name`` can be in this subgraph (itself if an object)."""
        named = self.schema.get_type(type_name)
        if isinstance(named, GraphQLObjectType):
            return (type_name,)
        if named is None:
            return ()
        return tuple(t.name for t in self.schema.get_possible_types(named))  # type: ignore[arg-type]


def parse_field_set(fields: str) -> SelectionSetNode:
    """Parse a federation field set (``"id"``, ``"route { from to } seq"``) into a selection set."""
    document = parse("{" + fields + "}", no_location=True)
    operation = document.definitions[0]
    return operation.selection_set  # type: ignore[attr-defined, no-any-return]


def build_subgraph_schema(sdl: str) -> SubgraphSchema:
    """Build the executable schema of a subgraph from its SDL (federation 1 or 2)."""
    document = _definitions_for_extensions(parse(sdl))
    keys = _collect_keys(document)
    entity_names = [
        name
        for name, type_keys in keys.items()
        if any(k.resolvable for k in type_keys) and _is_object_type(document, name)
    ]
    has_query = any(
        isinstance(d, ObjectTypeDefinitionNode) and d.name.value == "Query"
        for d in document.definitions
    )
    additions = _FEDERATION_ADDITIONS
    entities_field = ""
    if entity_names:
        additions += f"union _Entity = {' | '.join(entity_names)}\n"
        entities_field = "_entities(representations: [_Any!]!): [_Entity]!"
    query_kw = "extend type" if has_query else "type"
    additions += f"{query_kw} Query {{ _service: _Service! {entities_field} }}\n"
    extra = parse(additions, no_location=True)
    full = DocumentNode(definitions=(*document.definitions, *extra.definitions))
    schema = build_ast_schema(full, assume_valid_sdl=True)
    return SubgraphSchema(sdl=sdl, schema=schema, keys=keys)


def _is_object_type(document: DocumentNode, name: str) -> bool:
    return any(
        isinstance(d, ObjectTypeDefinitionNode) and d.name.value == name
        for d in document.definitions
    )


def _definitions_for_extensions(document: DocumentNode) -> DocumentNode:
    """Turn ``extend type X`` into ``type X`` when the SDL has no base definition of ``X``.

    Federation 1 subgraphs extend types that live in other subgraphs; graphql-core would
    silently drop an extension of an unknown type.
    """
    defined = {
        d.name.value for d in document.definitions if isinstance(d, TypeDefinitionNode)
    }
    out: list[DefinitionNode] = []
    for definition in document.definitions:
        name = getattr(getattr(definition, "name", None), "value", None)
        if isinstance(definition, ObjectTypeExtensionNode) and name not in defined:
            definition = ObjectTypeDefinitionNode(
                name=definition.name,
                interfaces=definition.interfaces or (),
                directives=definition.directives or (),
                fields=definition.fields or (),
            )
            defined.add(name)
        elif isinstance(definition, InterfaceTypeExtensionNode) and name not in defined:
            definition = InterfaceTypeDefinitionNode(
                name=definition.name,
                interfaces=definition.interfaces or (),
                directives=definition.directives or (),
                fields=definition.fields or (),
            )
            defined.add(name)
        out.append(definition)
    return DocumentNode(definitions=tuple(out))


def _collect_keys(document: DocumentNode) -> dict[str, tuple[EntityKey, ...]]:
    keys: dict[str, list[EntityKey]] = {}
    kinds = (
        ObjectTypeDefinitionNode,
        ObjectTypeExtensionNode,
        InterfaceTypeDefinitionNode,
        InterfaceTypeExtensionNode,
    )
    for definition in document.definitions:
        if not isinstance(definition, kinds):
            continue
        for directive in definition.directives or ():
            key = _key_from_directive(directive)
            if key is not None:
                keys.setdefault(definition.name.value, []).append(key)
    return {name: tuple(found) for name, found in keys.items()}


def _key_from_directive(directive: DirectiveNode) -> EntityKey | None:
    if directive.name.value not in ("key", "federation__key"):
        return None
    fields = ""
    resolvable = True
    for argument in directive.arguments or ():
        if argument.name.value == "fields" and isinstance(argument.value, StringValueNode):
            fields = argument.value.value
        elif argument.name.value == "resolvable" and isinstance(argument.value, BooleanValueNode):
            resolvable = argument.value.value
    return EntityKey(fields=fields, selection=parse_field_set(fields), resolvable=resolvable)

