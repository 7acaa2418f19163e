"""Search criteria for the adgangslog, rendered without any CPR number (DOMAIN §9.3, G5).

A search is logged with its criterion; a criterion can hold a CPR number (``borger(cpr:)``).
Values whose schema type is the ``CPR`` scalar — at any depth of an input object or list —
are written as ``<cpr>``, and any other string that merely looks like a CPR number is masked
too, so the text is always safe to store and to show an auditor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import orjson
from graphql import (
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
)

__all__ = ["CPR_SCALAR", "render_criteria"]

CPR_SCALAR = "CPR"
_MASK = "<cpr>"
_CPR_LIKE = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")


def _unwrap(type_: GraphQLInputType) -> GraphQLInputType:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return type_


def _masked(value: Any, type_: GraphQLInputType | None) -> Any:
    t = _unwrap(type_) if type_ is not None else None
    if value is None:
        return None
    if isinstance(t, GraphQLScalarType) and t.name == CPR_SCALAR:
        return _MASK
    if isinstance(t, GraphQLList) and isinstance(value, list):
        return [_masked(v, t.of_type) for v in value]
    if isinstance(t, GraphQLInputObjectType) and isinstance(value, Mapping):
        return {k: _masked(v, t.fields[k].type if k in t.fields else None)
                for k, v in value.items()}
    if isinstance(value, str):
        return _CPR_LIKE.sub(_MASK, value)
    if isinstance(value, (list, tuple)):
        return [_masked(v, None) for v in value]
    if isinstance(value, Mapping):
        return {k: _masked(v, None) for k, v in value.items()}
    return value if isinstance(value, (bool, int, float)) else str(value)


def render_criteria(schema: GraphQLSchema, root_type: str, field_name: str,
                    arguments: Mapping[str, Any]) -> str:
    """``field(arg: value, ...)`` with CPR values masked, e.g. ``borger({"cpr":"<cpr>"})``."""
    root = schema.type_map.get(root_type)
    field = root.fields.get(field_name) if isinstance(root, GraphQLObjectType) else None
    types = {name: arg.type for name, arg in field.args.items()} if field is not None else {}
    masked = {name: _masked(value, types.get(name)) for name, value in arguments.items()
              if value is not None}
    rendered = orjson.dumps(masked, default=str, option=orjson.OPT_SORT_KEYS).decode()
    return _CPR_LIKE.sub(_MASK, f"{field_name}({rendered})")
