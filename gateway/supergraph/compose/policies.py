"""``@policy`` across types: refuse it on interfaces, lift implementations' policies onto them.

Apollo does not let a subgraph put ``@policy`` on an interface or an interface field (a client
selecting through the interface would dodge an implementation's requirement otherwise).
Instead composition gives every interface, and each of its fields, the conjunction of what its
implementations require, so a gateway can refuse the interface selection up front.
"""

from __future__ import annotations

from .applied import merge_applied
from .context import MergeContext
from .model import Applied

__all__ = ["POLICY", "check_policy_placement", "lift_policies_to_interfaces"]

POLICY = "policy"


def check_policy_placement(ctx: MergeContext) -> None:
    """Report ``@policy`` written on an interface or an interface's field in any subgraph."""
    for subgraph in ctx.subgraphs:
        for sub_type in subgraph.types.values():
            if sub_type.kind != "interface":
                continue
            places = [f'interface field "{sub_type.name}.{f.name}"'
                      for f in sub_type.fields.values() if _has_policy(f.directives)]
            if _has_policy(sub_type.directives):
                places.append(f'interface "{sub_type.name}"')
            for place in places:
                ctx.report("AUTH_REQUIREMENTS_APPLIED_ON_INTERFACE",
                           f"@policy cannot be applied to {place}; put it on the implementing "
                           "object types and their fields", subgraph.name)


def lift_policies_to_interfaces(ctx: MergeContext) -> None:
    """Give each interface (type and fields) the conjunction of its implementations' policies."""
    types = ctx.supergraph.types
    for itf in types.values():
        if itf.kind != "interface":
            continue
        implementations = [t for t in types.values()
                           if t.kind == "object" and itf.name in t.interfaces]
        lifted = merge_applied([_policies(t.directives) for t in implementations])
        itf.directives.extend(lifted)
        for name, itf_field in itf.fields.items():
            sources = [_policies(t.fields[name].directives) for t in implementations
                       if name in t.fields]
            itf_field.directives.extend(merge_applied(sources))


def _policies(applied: list[Applied]) -> list[Applied]:
    return [a for a in applied if a.name == POLICY]


def _has_policy(applied: list[Applied]) -> bool:
    return any(a.name == POLICY for a in applied)
