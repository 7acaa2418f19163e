"""Normalise an operation: fragments expanded, fields merged, constant conditions folded."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    ArgumentNode,
    BooleanValueNode,
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableDefinitionNode,
    get_named_type,
    print_ast,
)

from gateway.errors import PlanningError

__all__ = ["NField", "NFragment", "NSelection", "NormalizedOperation", "normalize_operation",
           "normalize_selection_set", "condition_key"]

_CONDITIONS = ("include", "skip")


@dataclass(slots=True, eq=False)
class NField:
    """A field in a normalised selection."""

    response_name: str
    """Alias if given, else the field name."""

    name: str
    """The field name."""

    arguments: tuple[ArgumentNode, ...]
    """Arguments as written (values may be variables)."""

    directives: tuple[DirectiveNode, ...]
    """``@include``/``@skip`` conditions on variables; constant ones are folded away."""

    type_name: str
    """Named type of the field (``String``, ``Product``), ``String`` for ``__typename``."""

    selections: list[NSelection] | None = None
    """Children for composite fields."""

    def args_key(self) -> str:
        """A canonical text of the arguments, to compare two fields."""
        return ",".join(sorted(print_ast(a) for a in self.arguments))


@dataclass(slots=True, eq=False)
class NFragment:
    """An inline fragment in a normalised selection (named spreads are expanded into these)."""

    type_condition: str
    """The type condition (always set after normalisation)."""

    directives: tuple[DirectiveNode, ...]
    """``@include``/``@skip`` conditions on variables."""

    selections: list[NSelection] = field(default_factory=list)
    """Children."""


NSelection = NField | NFragment


@dataclass(slots=True, eq=False)
class NormalizedOperation:
    """The operation the planner and the shaper work from."""

    kind: str
    """``query``, ``mutation`` or ``subscription``."""

    name: str | None
    """The operation's name."""

    root_type: str
    """Name of the root type for ``kind``."""

    selections: list[NSelection]
    """The root selection, normalised."""

    variable_definitions: tuple[VariableDefinitionNode, ...]
    """The operation's variable definitions, as written."""

    fragments: dict[str, FragmentDefinitionNode]
    """The document's named fragments (used to print subgraph operations as Apollo does)."""


def condition_key(directives: tuple[DirectiveNode, ...]) -> str:
    """Canonical text of a selection's conditions."""
    return " ".join(print_ast(d) for d in directives)


def _fold_conditions(
    directives: tuple[DirectiveNode, ...] | None,
) -> tuple[DirectiveNode, ...] | None:
    """Keep variable ``@include``/``@skip``; fold constants. None means "never selected"."""
    kept: list[DirectiveNode] = []
    for d in directives or ():
        name = d.name.value
        if name not in _CONDITIONS:
            continue
        arg = next((a for a in d.arguments or () if a.name.value == "if"), None)
        if arg is None:
            continue
        if isinstance(arg.value, BooleanValueNode):
            if arg.value.value != (name == "include"):
                return None
            continue
        kept.append(d)
    return tuple(kept)


class _Normalizer:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.schema = schema
        self.fragments = fragments

    def selection_set(self, parent: str, node: SelectionSetNode | None,
                      spreading: frozenset[str] = frozenset()) -> list[NSelection]:
        out: list[NSelection] = []
        for sel in node.selections if node is not None else ():
            conditions = _fold_conditions(sel.directives)
            if conditions is None:
                continue
            if isinstance(sel, FieldNode):
                self._add_field(out, self._field(parent, sel, conditions, spreading))
            elif isinstance(sel, InlineFragmentNode):
                cond = sel.type_condition.name.value if sel.type_condition else parent
                children = self.selection_set(cond, sel.selection_set, spreading)
                self._add_fragment(out, parent, cond, conditions, children)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                frag = self.fragments.get(name)
                if frag is None or name in spreading:
                    raise PlanningError(f"unknown or cyclic fragment {name!r}")
                cond = frag.type_condition.name.value
                children = self.selection_set(cond, frag.selection_set, spreading | {name})
                self._add_fragment(out, parent, cond, conditions, children)
        return out

    def _field(self, parent: str, node: FieldNode, conditions: tuple[DirectiveNode, ...],
               spreading: frozenset[str]) -> NField:
        name = node.name.value
        response = node.alias.value if node.alias else name
        if name == "__typename":
            return NField(response, name, (), conditions, "String")
        parent_type = self.schema.type_map.get(parent)
        if name in ("__schema", "__type"):
            type_name = "__Schema" if name == "__schema" else "__Type"
        elif (isinstance(parent_type, (GraphQLObjectType, GraphQLInterfaceType))
              and name in parent_type.fields):
            type_name = get_named_type(parent_type.fields[name].type).name
        else:
            raise PlanningError(f"cannot query field {name!r} on type {parent!r}")
        children = None
        if node.selection_set is not None:
            children = self.selection_set(type_name, node.selection_set, spreading)
        return NField(response, name, tuple(node.arguments or ()), conditions, type_name, children)

    def _add_field(self, out: list[NSelection], f: NField) -> None:
        key = condition_key(f.directives)
        for existing in out:
            if (isinstance(existing, NField) and existing.response_name == f.response_name
                    and condition_key(existing.directives) == key):
                if existing.selections is not None and f.selections is not None:
                    for child in f.selections:
                        self._merge_into(existing.selections, child)
                return
        out.append(f)

    def _merge_into(self, out: list[NSelection], sel: NSelection) -> None:
        if isinstance(sel, NField):
            self._add_field(out, sel)
        else:
            self._append_fragment(out, sel)

    def _append_fragment(self, out: list[NSelection], frag: NFragment) -> None:
        key = condition_key(frag.directives)
        for existing in out:
            if (isinstance(existing, NFragment) and existing.type_condition == frag.type_condition
                    and condition_key(existing.directives) == key):
                for child in frag.selections:
                    self._merge_into(existing.selections, child)
                return
        out.append(frag)

    def _always_matches(self, parent: str, cond: str) -> bool:
        if parent == cond:
            return True
        p = self.schema.type_map.get(parent)
        c = self.schema.type_map.get(cond)
        return (isinstance(p, GraphQLObjectType)
                and isinstance(c, (GraphQLInterfaceType, GraphQLUnionType))
                and self.schema.is_sub_type(c, p))

    def _add_fragment(self, out: list[NSelection], parent: str, cond: str,
                      conditions: tuple[DirectiveNode, ...], children: list[NSelection]) -> None:
        if self._always_matches(parent, cond):
            if not conditions:
                for child in children:
                    self._merge_into(out, child)
                return
            cond = parent
        self._append_fragment(out, NFragment(cond, conditions, children))


def normalize_selection_set(schema: GraphQLSchema, parent: str,
                            selection_set: SelectionSetNode) -> list[NSelection]:
    """Normalise a field set (``@requires``, keys) against ``schema`` at type ``parent``."""
    return _Normalizer(schema, {}).selection_set(parent, selection_set)


def normalize_operation(schema: GraphQLSchema, operation: OperationDefinitionNode,
                        fragments: dict[str, FragmentDefinitionNode]) -> NormalizedOperation:
    """Normalise a validated operation against ``schema`` (PLANNER.md §3.1)."""
    kind = operation.operation.value
    root = schema.get_root_type(operation.operation)
    if root is None:
        raise PlanningError(f"the schema has no {kind} root type")
    selections = _Normalizer(schema, fragments).selection_set(root.name, operation.selection_set)
    return NormalizedOperation(
        kind=kind, name=operation.name.value if operation.name else None, root_type=root.name,
        selections=selections, variable_definitions=tuple(operation.variable_definitions or ()),
        fragments=fragments)
