"""Generate one Python function per compiled object table (the shaper's inner loop).

A table's fields become straight-line code: read the store value, check its type inline,
write it; anything unusual (null in a non-null position, an invalid value, a guard) calls
back into the walk (:class:`gateway.executor.shape._Walk`). The generated source only ever
embeds response names through ``repr`` and everything else through the namespace, so no
client text becomes code. ``source_of(fn)`` returns the text for debugging.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from gateway.errors import FORBIDDEN
from gateway.executor.shape_plan import (
    ANY,
    CONST,
    DENIED,
    ENUM,
    FLOAT,
    INT,
    LIST,
    OBJECT,
    PRESHAPED,
    TYPES,
    FieldEntry,
    ObjectTable,
    SelectionTable,
)

__all__ = ["ALLOWED", "PROPAGATE", "OMITTED", "NOT_AUTHORIZED", "ShapeFn", "concrete",
           "generate", "source_of"]

ShapeFn = Callable[[dict[str, Any], Any, Any, bool], Any]
"""(store object, walk, linked path, is a list item) -> dict, PROPAGATE, OMITTED or None."""


class _Marker:
    """A result that is not a value."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


PROPAGATE = _Marker("PROPAGATE")
"""A null reached a non-null position and must bubble up."""
OMITTED = _Marker("OMITTED")
"""The guard denied a list item: leave it out."""
ALLOWED = _Marker("ALLOWED")
"""The guard let the object through."""

NOT_AUTHORIZED = "not authorized to see this field"
"""The message of a field removed by static authorization (code ``FORBIDDEN``)."""

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1

_TYPE_CHECKS = {
    "String": "type(v) is str",
    "Boolean": "type(v) is bool",
    "ID": "(type(v) is str or type(v) is int)",
}


def concrete(path: Any) -> tuple[str | int, ...]:
    """The tuple for a linked ``(parent, key)`` path."""
    keys: list[str | int] = []
    while path is not None:
        path, key = path
        keys.append(key)
    keys.reverse()
    return tuple(keys)


class _Writer:
    def __init__(self, table: ObjectTable) -> None:
        self.lines = ["def shape(value, walk, path, in_list):",
                      "    guard = walk.guard",
                      f"    if guard is not None and {table.runtime!r} in guard.types:",
                      "        allowed = walk.check(value, TABLE, path, in_list)",
                      "        if allowed is not ALLOWED:",
                      "            return allowed",
                      "    out = {}",
                      "    get = value.get"]
        self.ns: dict[str, Any] = {"TABLE": table, "ALLOWED": ALLOWED, "PROPAGATE": PROPAGATE,
                                   "OMITTED": OMITTED, "FORBIDDEN": FORBIDDEN,
                                   "NOT_AUTHORIZED": NOT_AUTHORIZED,
                                   "concrete": concrete, "isfinite": math.isfinite}

    def const(self, value: Any) -> str:
        name = f"K{len(self.ns)}"
        self.ns[name] = value
        return name

    def emit(self, indent: int, *lines: str) -> None:
        self.lines += [" " * (4 * indent) + line for line in lines]

    def null(self, indent: int, rn: str, nonnull: bool) -> None:
        if nonnull:
            self.emit(indent, f"walk.null_at(concrete((path, {rn})))", "return PROPAGATE")
        else:
            self.emit(indent, f"out[{rn}] = None")

    def field(self, entry: FieldEntry) -> None:
        response_name, _, code, nonnull, arg = entry
        rn = repr(response_name)
        if code == CONST:
            self.emit(1, f"out[{rn}] = {self.const(arg)}")
            return
        if code == PRESHAPED:
            self.emit(1, f"out[{rn}] = get({rn})")
            return
        if code == DENIED:  # static authorization removed the field
            self.emit(1, f"walk.error(NOT_AUTHORIZED, concrete((path, {rn})), FORBIDDEN)")
            self.emit(1, "return PROPAGATE" if nonnull else f"out[{rn}] = None")
            return
        self.emit(1, f"v = get({rn})")
        check = self.check(code, arg)
        if check is not None:
            self.emit(1, f"if {check}:", f"    out[{rn}] = v", "elif v is None:")
            self.null(2, rn, nonnull)
            self.emit(1, "else:")
            self.slow(2, rn, code, arg, nonnull)
        elif code == ANY:
            self.emit(1, "if v is None:")
            self.null(2, rn, nonnull)
            self.emit(1, "else:", f"    out[{rn}] = v")
        else:
            self.emit(1, "if v is None:")
            self.null(2, rn, nonnull)
            self.emit(1, "else:")
            self.composite(2, rn, code, arg, nonnull)

    def check(self, code: int, arg: Any) -> str | None:
        if code == TYPES:
            return _TYPE_CHECKS[arg]
        if code == INT:
            return f"type(v) is int and {_INT_MIN} <= v <= {_INT_MAX}"
        if code == FLOAT:
            return "(type(v) is float or type(v) is int) and isfinite(v)"
        if code == ENUM:
            return f"type(v) is str and v in {self.const(arg[1])}"
        return None

    def slow(self, indent: int, rn: str, code: int, arg: Any, nonnull: bool) -> None:
        """An invalid leaf: the walk records the error; null handling follows."""
        self.emit(indent, f"walk.value(v, {code}, {self.const(arg)}, path, {rn})")
        self.null(indent, rn, nonnull)

    def composite(self, indent: int, rn: str, code: int, arg: Any, nonnull: bool) -> None:
        if code == LIST and arg[1] == OBJECT and arg[3].fixed is not None:
            self.object_list(indent, rn, arg)
        elif code == OBJECT and isinstance(arg, SelectionTable) and arg.fixed is not None:
            fn = self.const(arg.fixed.fn)
            self.emit(indent, "if type(v) is dict:",
                      f"    v = {fn}(v, walk, (path, {rn}), False)",
                      "    if v is PROPAGATE:", "        v = None",
                      "else:", f"    v = walk.value(v, {code}, {self.const(arg)}, path, {rn})")
        else:  # a list, or an object of an abstract type
            self.emit(indent, f"v = walk.value(v, {code}, {self.const(arg)}, path, {rn})")
        if nonnull:
            self.emit(indent, "if v is None:")
            self.null(indent + 1, rn, True)
        self.emit(indent, f"out[{rn}] = v")


    def object_list(self, indent: int, rn: str, item: Any) -> None:
        """A list of objects of one object type, looped inline (a denied item is left out)."""
        _, _, item_nonnull, sel = item
        fn, sel_name = self.const(sel.fixed.fn), self.const(sel)
        self.emit(indent, "if type(v) is list:")
        self.emit(indent + 1, f"lpath = (path, {rn})", "items = []", "for item in v:")
        body = indent + 2
        self.emit(body, "if type(item) is dict:",
                  f"    r = {fn}(item, walk, (lpath, len(items)), True)",
                  "    if r is OMITTED:", "        continue",
                  "    if r is PROPAGATE:", "        r = None",
                  "elif item is not None:",
                  f"    r = walk.value(item, {OBJECT}, {sel_name}, lpath, len(items))",
                  "else:", "    r = None")
        if item_nonnull:
            self.emit(body, "if r is None:",
                      "    walk.null_at(concrete((lpath, len(items))))",
                      "    items = None", "    break")
        self.emit(body, "items.append(r)")
        self.emit(indent + 1, "v = items")
        self.emit(indent, "else:", f"    v = walk.value(v, {LIST}, {self.const(item)}, path, {rn})")


def generate(table: ObjectTable) -> ShapeFn:
    """The shaping function for ``table``."""
    writer = _Writer(table)
    for entry in table.fields:
        writer.field(entry)
    writer.emit(1, "return out")
    source = "\n".join(writer.lines)
    namespace = dict(writer.ns)
    exec(compile(source, f"<shaper {table.runtime}>", "exec"), namespace)  # noqa: S102
    fn: ShapeFn = namespace["shape"]
    fn.__doc__ = source
    return fn


def source_of(fn: ShapeFn) -> str:
    """The generated source of a shaping function."""
    return fn.__doc__ or ""
