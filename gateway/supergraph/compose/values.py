"""Type references and values: printing them as Apollo does, and Apollo's subtyping rules."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable

from graphql.language import (
    BooleanValueNode,
    EnumValueNode,
    FloatValueNode,
    IntValueNode,
    ListTypeNode,
    ListValueNode,
    NamedTypeNode,
    NonNullTypeNode,
    NullValueNode,
    ObjectValueNode,
    StringValueNode,
    TypeNode,
    ValueNode,
    VariableNode,
)

__all__ = [
    "IsDirectSubtype",
    "base_type_name",
    "is_non_null",
    "is_strict_subtype",
    "print_type",
    "print_value",
    "same_type",
]

IsDirectSubtype = Callable[[str, str], bool]
"""``(abstract_type, object_type) -> bool``: is the object a member or implementation."""

_INTEGER_STRING = re.compile(r"^-?(?:0|[1-9][0-9]*)$")


def print_type(node: TypeNode) -> str:
    """``[String!]!`` style text of a type reference."""
    if isinstance(node, NonNullTypeNode):
        return f"{print_type(node.type)}!"
    if isinstance(node, ListTypeNode):
        return f"[{print_type(node.type)}]"
    if isinstance(node, NamedTypeNode):
        return node.name.value
    raise TypeError(f"not a type reference: {node!r}")


def base_type_name(node: TypeNode) -> str:
    """The named type under any list and non-null wrappers."""
    while isinstance(node, NonNullTypeNode | ListTypeNode):
        node = node.type
    if not isinstance(node, NamedTypeNode):
        raise TypeError(f"not a type reference: {node!r}")
    return node.name.value


def is_non_null(node: TypeNode) -> bool:
    """Whether the outermost wrapper is non-null."""
    return isinstance(node, NonNullTypeNode)


def same_type(left: TypeNode, right: TypeNode) -> bool:
    """Whether both references denote the same type."""
    return print_type(left) == print_type(right)


def _is_subtype(sup: TypeNode, sub: TypeNode, direct: IsDirectSubtype) -> bool:
    return same_type(sup, sub) or is_strict_subtype(sup, sub, direct)


def is_strict_subtype(sup: TypeNode, sub: TypeNode, direct: IsDirectSubtype) -> bool:
    """Apollo's default field-type subtyping (every rule except ``list_upgrade``).

    ``T!`` is a subtype of ``T``; ``[A]`` of ``[B]`` when ``A`` is a subtype of ``B``; an
    object type of an interface it implements or a union it belongs to.
    """
    if isinstance(sub, ListTypeNode):
        return isinstance(sup, ListTypeNode) and _is_subtype(sup.type, sub.type, direct)
    if isinstance(sub, NonNullTypeNode):
        if isinstance(sup, NonNullTypeNode):
            return _is_subtype(sup.type, sub.type, direct)
        return _is_subtype(sup, sub.type, direct)
    if isinstance(sup, NamedTypeNode) and isinstance(sub, NamedTypeNode):
        return direct(sup.name.value, sub.name.value)
    return False


def _print_number(text: str) -> str:
    number = float(text)
    if math.isfinite(number) and number.is_integer() and abs(number) < 1e21:
        return str(int(number))
    return repr(number)


def print_value(node: ValueNode, type_name: str | None = None) -> str:
    """A literal as Apollo's ``valueToString`` prints it.

    Strings are JSON-quoted, numbers are printed as JavaScript prints them (``1.0`` becomes
    ``1``), objects as ``{a: 1}``; an integer-like string given to an ``ID`` prints bare.
    """
    if isinstance(node, NullValueNode):
        return "null"
    if isinstance(node, StringValueNode):
        if type_name == "ID" and _INTEGER_STRING.match(node.value):
            return node.value
        return json.dumps(node.value, ensure_ascii=False)
    if isinstance(node, IntValueNode | FloatValueNode):
        return _print_number(node.value)
    if isinstance(node, BooleanValueNode):
        return "true" if node.value else "false"
    if isinstance(node, EnumValueNode):
        return node.value
    if isinstance(node, VariableNode):
        return f"${node.name.value}"
    if isinstance(node, ListValueNode):
        return "[" + ", ".join(print_value(item, type_name) for item in node.values) + "]"
    if isinstance(node, ObjectValueNode):
        fields = (f"{field.name.value}: {print_value(field.value)}" for field in node.fields)
        return "{" + ", ".join(fields) + "}"
    raise TypeError(f"not a value: {node!r}")
