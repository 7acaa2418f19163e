"""Build :class:`~.model.SubType` objects from SDL definitions and extensions."""

from __future__ import annotations

from collections.abc import Sequence

from graphql.language import (
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    FieldDefinitionNode,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ListTypeNode,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    ScalarTypeDefinitionNode,
    ScalarTypeExtensionNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    TypeNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
)

from .directives import DirectiveReader, ElementDirectives
from .errors import INVALID_GRAPHQL, CompositionIssue
from .model import Kind, SubArgument, SubEnumValue, SubField, SubKey, SubType

__all__ = ["TypeReader"]

_KINDS: tuple[tuple[tuple[type, ...], Kind], ...] = (
    ((ObjectTypeDefinitionNode, ObjectTypeExtensionNode), "object"),
    ((InterfaceTypeDefinitionNode, InterfaceTypeExtensionNode), "interface"),
    ((UnionTypeDefinitionNode, UnionTypeExtensionNode), "union"),
    ((EnumTypeDefinitionNode, EnumTypeExtensionNode), "enum"),
    ((InputObjectTypeDefinitionNode, InputObjectTypeExtensionNode), "input"),
    ((ScalarTypeDefinitionNode, ScalarTypeExtensionNode), "scalar"),
)


def _kind(node: TypeDefinitionNode | TypeExtensionNode) -> Kind:
    for classes, kind in _KINDS:
        if isinstance(node, classes):
            return kind
    raise TypeError(f"unexpected definition {node.kind}")


def _description(node: object) -> str | None:
    description = getattr(node, "description", None)
    return None if description is None else str(description.value)


class TypeReader:
    """Accumulates the types of one subgraph, merging ``extend`` blocks into definitions."""

    def __init__(self, subgraph: str, directives: DirectiveReader, renames: dict[str, str],
                 issues: list[CompositionIssue]) -> None:
        self.subgraph = subgraph
        self.directives = directives
        self.renames = renames
        self.issues = issues
        self.types: dict[str, SubType] = {}

    def rename(self, node: TypeNode) -> TypeNode:
        """``node`` with root type names replaced by the default ones."""
        if isinstance(node, NonNullTypeNode):
            return NonNullTypeNode(type=self.rename(node.type))
        if isinstance(node, ListTypeNode):
            return ListTypeNode(type=self.rename(node.type))
        if isinstance(node, NamedTypeNode) and node.name.value in self.renames:
            return NamedTypeNode(name=NameNode(value=self.renames[node.name.value]))
        return node

    def add(self, node: TypeDefinitionNode | TypeExtensionNode) -> None:
        """Merge one definition or extension into the type it names."""
        kind = _kind(node)
        name = self.renames.get(node.name.value, node.name.value)
        extension = isinstance(node, TypeExtensionNode)
        current = self.types.get(name)
        if current is None:
            current = self.types[name] = SubType(kind=kind, name=name)
        elif current.kind != kind:
            self._issue(f'type "{name}" is defined both as {current.kind} and as {kind}')
            return
        elif not extension and current.has_definition:
            self._issue(f'type "{name}" is defined more than once')
            return
        if extension:
            current.has_extension = True
        else:
            current.has_definition = True
            current.description = _description(node)
        read = self.directives.read(node.directives or (), name)
        self._type_directives(current, read, extension)
        self._members(current, node, extension)

    def _issue(self, message: str) -> None:
        self.issues.append(CompositionIssue(INVALID_GRAPHQL, message, self.subgraph))

    def _type_directives(self, current: SubType, read: ElementDirectives,
                         extension: bool) -> None:
        current.directives.extend(read.kept)
        current.extends = current.extends or read.has("extends")
        current.interface_object = current.interface_object or read.has("interfaceObject")
        current.external = current.external or read.has("external")
        current.shareable_on.extend(extension for _ in read.all("shareable"))
        for args in read.all("key"):
            fields = args.get("fields")
            if fields is None or not hasattr(fields, "value"):
                self._issue(f'@key on "{current.name}" needs a string "fields" argument')
                continue
            resolvable = args.get("resolvable")
            current.keys.append(SubKey(
                fields=str(fields.value),
                resolvable=None if resolvable is None else bool(resolvable.value),
                extension=extension))

    def _members(self, current: SubType, node: TypeDefinitionNode | TypeExtensionNode,
                 extension: bool) -> None:
        for interface in getattr(node, "interfaces", None) or ():
            if interface.name.value not in current.interfaces:
                current.interfaces.append(interface.name.value)
        for member in getattr(node, "types", None) or ():
            if member.name.value not in current.members:
                current.members.append(member.name.value)
        for value in getattr(node, "values", None) or ():
            if current.kind == "enum":
                read = self.directives.read(value.directives or (),
                                            f"{current.name}.{value.name.value}")
                current.values[value.name.value] = SubEnumValue(
                    value.name.value, _description(value), read.kept)
        for field in getattr(node, "fields", None) or ():
            self._field(current, field, extension)

    def _field(self, current: SubType,
               node: FieldDefinitionNode | InputValueDefinitionNode, extension: bool) -> None:
        name = node.name.value
        if name in current.fields:
            self._issue(f'field "{current.name}.{name}" is defined more than once')
            return
        where = f"{current.name}.{name}"
        read = self.directives.read(node.directives or (), where)
        field = SubField(name=name, type=self.rename(node.type), description=_description(node),
                         directives=read.kept, from_extension=extension)
        if isinstance(node, InputValueDefinitionNode):
            field.default = node.default_value
        else:
            field.args = self._arguments(node.arguments or (), where)
        field.external = read.has("external")
        field.requires = read.string("requires", "fields")
        field.provides = read.string("provides", "fields")
        field.shareable = read.has("shareable")
        field.override = read.string("override", "from")
        field.override_label = read.string("override", "label")
        current.fields[name] = field

    def _arguments(self, nodes: Sequence[InputValueDefinitionNode],
                   where: str) -> dict[str, SubArgument]:
        arguments: dict[str, SubArgument] = {}
        for node in nodes:
            read = self.directives.read(node.directives or (), f"{where}({node.name.value}:)")
            arguments[node.name.value] = SubArgument(
                name=node.name.value, type=self.rename(node.type),
                description=_description(node), default=node.default_value,
                directives=read.kept)
        return arguments
