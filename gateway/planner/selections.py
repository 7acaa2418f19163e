"""Mutable selection trees the planner fills while walking, turned into GraphQL AST at the end."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    ArgumentNode,
    DirectiveNode,
    FieldNode,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    SelectionNode,
    SelectionSetNode,
    print_ast,
)

__all__ = ["FieldItem", "FragmentItem", "SelTree"]


@dataclass(slots=True, eq=False)
class FieldItem:
    """A field in a subgraph selection."""

    response_name: str
    """The key it has in the subgraph's response (alias or name)."""

    name: str
    """The field name."""

    arguments: tuple[ArgumentNode, ...] = ()
    """Arguments as written."""

    directives: tuple[DirectiveNode, ...] = ()
    """Conditions kept in the subgraph operation."""

    sub: SelTree | None = None
    """Children for composite fields."""

    def args_key(self) -> str:
        """A canonical text of the arguments."""
        return ",".join(sorted(print_ast(a) for a in self.arguments))


@dataclass(slots=True, eq=False)
class FragmentItem:
    """An inline fragment in a subgraph selection."""

    type_condition: str
    """The type condition."""

    directives: tuple[DirectiveNode, ...] = ()
    """Conditions kept in the subgraph operation."""

    sub: SelTree = field(default_factory=lambda: SelTree())
    """Children."""


def _dkey(directives: tuple[DirectiveNode, ...]) -> str:
    return " ".join(print_ast(d) for d in directives)


@dataclass(slots=True, eq=False)
class SelTree:
    """An insertion-ordered selection set under construction."""

    items: dict[tuple[str, str, str], FieldItem | FragmentItem] = field(default_factory=dict)
    """Items keyed by (kind, response name or type condition, conditions)."""

    def __bool__(self) -> bool:
        return bool(self.items)

    def find_field(self, response_name: str,
                   directives: tuple[DirectiveNode, ...] = ()) -> FieldItem | None:
        """The field stored under ``response_name`` with these conditions, if any."""
        item = self.items.get(("f", response_name, _dkey(directives)))
        return item if isinstance(item, FieldItem) else None

    def add_field(self, response_name: str, name: str, arguments: tuple[ArgumentNode, ...] = (),
                  directives: tuple[DirectiveNode, ...] = (), composite: bool = False) -> FieldItem:
        """Add (or find) a field; the caller checks for response-name conflicts first."""
        key = ("f", response_name, _dkey(directives))
        item = self.items.get(key)
        if isinstance(item, FieldItem):
            if composite and item.sub is None:
                item.sub = SelTree()
            return item
        new = FieldItem(response_name, name, arguments, directives,
                        SelTree() if composite else None)
        self.items[key] = new
        return new

    def conflicts(self, response_name: str, name: str, arguments: tuple[ArgumentNode, ...]) -> bool:
        """True if ``response_name`` is already used here by another field or other arguments."""
        args = ",".join(sorted(print_ast(a) for a in arguments))
        for item in self.items.values():
            if isinstance(item, FieldItem) and item.response_name == response_name:
                if item.name != name or item.args_key() != args:
                    return True
        return False

    def add_fragment(self, type_condition: str,
                     directives: tuple[DirectiveNode, ...] = ()) -> FragmentItem:
        """Add (or find) an inline fragment."""
        key = ("t", type_condition, _dkey(directives))
        item = self.items.get(key)
        if isinstance(item, FragmentItem):
            return item
        new = FragmentItem(type_condition, directives)
        self.items[key] = new
        return new

    def merge(self, other: SelTree) -> None:
        """Merge ``other`` into this tree (used when two fetch groups become one)."""
        for key, item in other.items.items():
            mine = self.items.get(key)
            if mine is None:
                self.items[key] = item
            elif mine.sub is not None and item.sub is not None:
                mine.sub.merge(item.sub)

    def to_ast(self) -> SelectionSetNode:
        """The selection set as GraphQL AST, ``__typename`` first (Apollo's printing rule)."""
        nodes: list[SelectionNode] = []
        typename_first: list[SelectionNode] = []
        for item in self.items.values():
            if isinstance(item, FieldItem):
                node = FieldNode(
                    alias=(NameNode(value=item.response_name)
                           if item.response_name != item.name else None),
                    name=NameNode(value=item.name), arguments=item.arguments,
                    directives=item.directives,
                    selection_set=item.sub.to_ast() if item.sub is not None else None)
                if (item.name == "__typename" and item.response_name == "__typename"
                        and not item.directives):
                    typename_first.append(node)
                else:
                    nodes.append(node)
            else:
                nodes.append(InlineFragmentNode(
                    type_condition=NamedTypeNode(name=NameNode(value=item.type_condition)),
                    directives=item.directives, selection_set=item.sub.to_ast()))
        return SelectionSetNode(selections=tuple(typename_first + nodes))
