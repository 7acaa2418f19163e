"""``@override(from:)``: which subgraphs lose a field, and whether they still use it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .context import MergeContext
from .model import SubField

__all__ = ["OverrideState", "check_override"]


@dataclass(slots=True)
class OverrideState:
    """Per-subgraph override outcome for one field (Apollo's ``FieldMergeContext``)."""

    used_overridden: set[int] = field(default_factory=set)
    """Subgraphs that lost the field but still need it (a key or ``@requires`` uses it)."""
    unused_overridden: set[int] = field(default_factory=set)
    """Subgraphs that lost the field and do not use it: they drop out of ``@join__field``."""
    unknown_target: set[int] = field(default_factory=set)
    """Subgraphs whose ``@override(from:)`` names a subgraph that is not composed."""

    def overridden(self, index: int) -> bool:
        """Whether subgraph ``index`` lost the field to an ``@override``."""
        return index in self.used_overridden or index in self.unused_overridden


def check_override(ctx: MergeContext, parent: str, name: str,
                   sources: Mapping[int, SubField | None]) -> OverrideState:
    """Validate the ``@override`` applications on ``parent.name`` and record their effect."""
    state = OverrideState()
    overriding = [i for i, s in sources.items() if s is not None and s.override is not None]
    names = [s.name for s in ctx.subgraphs]
    coordinate = f"{parent}.{name}"
    for index in overriding:
        source = sources[index]
        if source is None or source.override is None:
            continue
        owner = ctx.subgraphs[index].types[parent]
        here = ctx.name(index)
        origin = source.override
        if owner.kind == "interface" or owner.interface_object:
            ctx.report("OVERRIDE_ON_INTERFACE",
                       f'@override on "{coordinate}" in subgraph "{here}": fields of interfaces '
                       "and @interfaceObject types cannot be overridden")
        elif origin not in names:
            state.unknown_target.add(index)
        elif origin == here:
            ctx.report("OVERRIDE_FROM_SELF_ERROR",
                       f'@override on "{coordinate}" in subgraph "{here}" names its own subgraph')
        elif names.index(origin) in overriding:
            ctx.report("OVERRIDE_SOURCE_HAS_OVERRIDE",
                       f'"{coordinate}" has @override in both subgraph "{here}" and subgraph '
                       f'"{origin}"; only one subgraph may override a field')
        else:
            _take_over(ctx, state, index, names.index(origin), coordinate, sources)
    return state


def _take_over(ctx: MergeContext, state: OverrideState, index: int, origin: int,
               coordinate: str, sources: Mapping[int, SubField | None]) -> None:
    overridden = sources.get(origin)
    if overridden is None:
        return
    parent, name = coordinate.split(".")
    conflict = None
    if overridden.requires is not None:
        conflict = f'"{coordinate}" has @requires in subgraph "{ctx.name(origin)}"'
    elif overridden.provides is not None:
        conflict = f'"{coordinate}" has @provides in subgraph "{ctx.name(origin)}"'
    elif ctx.facts[index].is_external(parent, name):
        conflict = f'"{coordinate}" is @external in subgraph "{ctx.name(index)}"'
    if conflict is not None:
        ctx.report("OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE",
                   f'@override on "{coordinate}" in subgraph "{ctx.name(index)}" cannot be used: '
                   f"{conflict}")
        return
    if ctx.facts[origin].is_external(parent, name):
        return
    if ctx.facts[origin].is_used(parent, name):
        state.used_overridden.add(origin)
    else:
        state.unused_overridden.add(origin)
