"""Turn a finished fetch group into the operation text a subgraph receives."""

from __future__ import annotations

from dataclasses import replace

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    ListTypeNode,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    VariableDefinitionNode,
    VariableNode,
    get_named_type,
    print_ast,
    visit,
)
from graphql.language import ArgumentNode, Visitor
from graphql.utilities import strip_ignored_characters

from gateway.planner.normalize import NormalizedOperation

__all__ = ["build_operation", "used_variables"]

_REPRESENTATIONS = "representations"


class _VariableCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_variable(self, node: VariableNode, *_: object) -> None:
        if node.name.value not in self.names:
            self.names.append(node.name.value)


def used_variables(node: SelectionSetNode) -> list[str]:
    """Variable names used in ``node``, in order of first use."""
    collector = _VariableCollector()
    visit(node, collector)
    return collector.names


def _items_text(sel: SelectionSetNode) -> list[str]:
    return [print_ast(s) for s in sel.selections]


class _FragmentReuser:
    """Re-use a client's named fragment where its whole selection appears at least twice."""

    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.schema = schema
        self.fragments = fragments

    def apply(self, selection: SelectionSetNode, parent: str) -> tuple[SelectionSetNode,
                                                                        list[FragmentDefinitionNode]]:
        used: list[FragmentDefinitionNode] = []
        for name, frag in self.fragments.items():
            wanted = _items_text(frag.selection_set)
            if not wanted or any(isinstance(s, (FragmentSpreadNode, InlineFragmentNode))
                                 for s in frag.selection_set.selections):
                continue
            cond = frag.type_condition.name.value
            if self._count(selection, parent, cond, wanted) >= 2:
                selection = self._replace(selection, parent, cond, wanted, name)
                used.append(frag)
        return selection, used

    def _child_type(self, parent: str, sel: SelectionNode) -> str | None:
        if isinstance(sel, InlineFragmentNode):
            return sel.type_condition.name.value if sel.type_condition else parent
        if isinstance(sel, FieldNode):
            t = self.schema.type_map.get(parent)
            if isinstance(t, (GraphQLObjectType, GraphQLInterfaceType)):
                f = t.fields.get(sel.name.value)
                if f is not None:
                    return get_named_type(f.type).name
        return None

    def _matches(self, sel: SelectionSetNode, parent: str, cond: str, wanted: list[str]) -> bool:
        if parent != cond:
            return False
        have = set(_items_text(sel))
        return all(w in have for w in wanted)

    def _count(self, sel: SelectionSetNode, parent: str, cond: str, wanted: list[str]) -> int:
        n = int(self._matches(sel, parent, cond, wanted))
        for s in sel.selections:
            sub = getattr(s, "selection_set", None)
            child = self._child_type(parent, s)
            if sub is not None and child is not None:
                n += self._count(sub, child, cond, wanted)
        return n

    def _replace(self, sel: SelectionSetNode, parent: str, cond: str, wanted: list[str],
                 name: str) -> SelectionSetNode:
        items: list[SelectionNode] = []
        for s in sel.selections:
            sub = getattr(s, "selection_set", None)
            child = self._child_type(parent, s)
            if sub is not None and child is not None:
                s = replace(s, selection_set=self._replace(sub, child, cond, wanted, name))  # type: ignore[type-var]
            items.append(s)
        if self._matches(sel, parent, cond, wanted):
            texts = [print_ast(s) for s in items]
            first = min(texts.index(w) for w in wanted)
            kept = [s for s, t in zip(items, texts, strict=True) if t not in wanted]
            spread = FragmentSpreadNode(name=NameNode(value=name), directives=())
            before = sum(1 for t in texts[:first] if t not in wanted)
            kept.insert(before, spread)
            items = kept
        return replace(sel, selections=tuple(items))


def _representations_definition() -> VariableDefinitionNode:
    any_list = NonNullTypeNode(type=ListTypeNode(type=NonNullTypeNode(
        type=NamedTypeNode(name=NameNode(value="_Any")))))
    return VariableDefinitionNode(variable=VariableNode(name=NameNode(value=_REPRESENTATIONS)),
                                  type=any_list, directives=())


def build_operation(schema: GraphQLSchema, op: NormalizedOperation, selection: SelectionSetNode,
                    parent_type: str, entity: bool, name: str | None,
                    kind: OperationType) -> tuple[str, tuple[str, ...]]:
    """Return the minified operation text and the client variables it uses."""
    reuser = _FragmentReuser(schema, op.fragments)
    if entity:
        body, fragments = reuser.apply(selection, "_Entity")
        variables = used_variables(body)
        field = FieldNode(alias=None, name=NameNode(value="_entities"),
                          arguments=(ArgumentNode(name=NameNode(value=_REPRESENTATIONS),
                                                  value=VariableNode(name=NameNode(
                                                      value=_REPRESENTATIONS))),),
                          directives=(), selection_set=body)
        top = SelectionSetNode(selections=(field,))
        defs = [_representations_definition()]
    else:
        top, fragments = reuser.apply(selection, parent_type)
        variables = used_variables(top)
        defs = []
    for frag in fragments:
        for v in used_variables(frag.selection_set):
            if v not in variables:
                variables.append(v)
    by_name = {d.variable.name.value: d for d in op.variable_definitions}
    defs += [replace(by_name[v], directives=()) for v in variables if v in by_name]
    operation = OperationDefinitionNode(
        operation=kind, name=NameNode(value=name) if name else None,
        variable_definitions=tuple(defs), directives=(), selection_set=top)
    document = DocumentNode(definitions=(operation, *fragments))
    return strip_ignored_characters(print_ast(document)), tuple(variables)
