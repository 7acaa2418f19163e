"""Operation limits checked before planning: depth, aliases, root fields."""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from gateway.config import Settings

__all__ = ["check_limits"]


def _measure(sel: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode],
             seen: frozenset[str]) -> tuple[int, int]:
    """(depth, aliases) of a selection set, following fragment spreads once per path."""
    depth, aliases = 0, 0
    for s in sel.selections if sel is not None else ():
        if isinstance(s, FieldNode):
            d, a = _measure(s.selection_set, fragments, seen)
            depth = max(depth, d + 1)
            aliases += a + (1 if s.alias is not None else 0)
        elif isinstance(s, InlineFragmentNode):
            d, a = _measure(s.selection_set, fragments, seen)
            depth, aliases = max(depth, d), aliases + a
        elif isinstance(s, FragmentSpreadNode) and s.name.value not in seen:
            frag = fragments.get(s.name.value)
            if frag is not None:
                d, a = _measure(frag.selection_set, fragments, seen | {s.name.value})
                depth, aliases = max(depth, d), aliases + a
    return depth, aliases


def check_limits(op: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode],
                 settings: Settings) -> str | None:
    """A message naming the exceeded limit, or None when the operation is within limits."""
    roots = sum(1 for s in op.selection_set.selections if isinstance(s, FieldNode))
    if roots > settings.max_root_fields:
        return f"the operation selects {roots} root fields; the limit is {settings.max_root_fields}"
    depth, aliases = _measure(op.selection_set, fragments, frozenset())
    if depth > settings.max_depth:
        return f"the operation is {depth} levels deep; the limit is {settings.max_depth}"
    if aliases > settings.max_aliases:
        return f"the operation uses {aliases} aliases; the limit is {settings.max_aliases}"
    return None
