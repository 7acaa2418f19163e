"""Print the merged supergraph in Apollo's layout (``printSchema`` with shallow ordering)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .collation import collation_key
from .model import Applied
from .spec import schema_links, spec_directives, spec_types
from .supermodel import MArgument, MEnumValue, MergedSupergraph, MField, MType
from .values import base_type_name, print_type, print_value

__all__ = ["print_supergraph"]

_INDENT = "  "


def print_supergraph(supergraph: MergedSupergraph) -> str:
    """The supergraph SDL, byte for byte as ``@apollo/composition`` prints it.

    Schema definition first, then directive definitions and types, each sorted by name the
    way JavaScript's ``localeCompare`` sorts; fields keep their merge order.
    """
    version = supergraph.join_version
    directives = spec_directives(version, supergraph.features)
    types = {name: _print_type(t) for name, t in supergraph.types.items()}
    types.update(spec_types(version, _graph_enum(supergraph), supergraph.features))
    blocks = [_schema(supergraph)]
    blocks.extend(directives[n] for n in sorted(directives, key=collation_key))
    blocks.extend(types[n] for n in sorted(types, key=collation_key))
    return "\n\n".join(blocks)


def _schema(supergraph: MergedSupergraph) -> str:
    links = schema_links(supergraph.join_version, supergraph.features)
    roots = "\n".join(f"{_INDENT}{kind}: {name}" for kind, name in supergraph.roots.items())
    return "schema\n" + "\n".join(_INDENT + link for link in links) + "\n{\n" + roots + "\n}"


def _graph_enum(supergraph: MergedSupergraph) -> str:
    values = [
        f"{_INDENT}{g.enum} @join__graph(name: {json.dumps(g.name)}, url: {json.dumps(g.url)})"
        for g in supergraph.graphs
    ]
    return "enum join__Graph {\n" + "\n".join(values) + "\n}"


def block_string(value: str, prefer_multiple_lines: bool) -> str:
    """A description as graphql-js ``printBlockString`` writes it."""
    single_line = "\n" not in value
    leading_space = value[:1] in (" ", "\t")
    multiple = (not single_line or value.endswith('"') or value.endswith("\\")
                or prefer_multiple_lines)
    result = ""
    if multiple and not (single_line and leading_space):
        result += "\n"
    result += value
    if multiple:
        result += "\n"
    return '"""' + result.replace('"""', '\\"""') + '"""'


def _description(description: str | None, indentation: str = "", first: bool = True) -> str:
    if description is None:
        return ""
    text = block_string(description, len(description) > 70)
    prefix = "\n" + indentation if indentation and not first else indentation
    return prefix + text.replace("\n", "\n" + indentation) + "\n"


def _directives(applied: Sequence[Applied], on_new_lines: bool = False,
                end_with_new_line: bool = False) -> str:
    if not applied:
        return ""
    if not on_new_lines:
        return " " + " ".join(str(a) for a in applied)
    joined = ("\n" + _INDENT).join(str(a) for a in applied)
    return "\n" + _INDENT + joined + ("\n" if end_with_new_line else "")


def _block(items: Sequence[str]) -> str:
    return "{\n" + "\n".join(items) + "\n}" if items else ""


def _print_type(merged: MType) -> str:
    head = _description(merged.description)
    if merged.kind == "scalar":
        return f"{head}scalar {merged.name}{_directives(merged.directives, True, False)}"
    if merged.kind == "union":
        members = " = " + " | ".join(merged.members) if merged.members else ""
        directives = _directives(merged.directives, True, bool(merged.members))
        return f"{head}union {merged.name}{directives}{members}"
    if merged.kind == "enum":
        items = [_enum_value(v, i == 0) for i, v in enumerate(merged.values.values())]
        return _with_body(head + f"enum {merged.name}", merged.directives, items)
    keyword = {"object": "type", "interface": "interface", "input": "input"}[merged.kind]
    implements = " implements " + " & ".join(merged.interfaces) if merged.interfaces else ""
    items = [_field(f, i == 0, merged.kind == "input") for i, f in
             enumerate(merged.fields.values())]
    return _with_body(f"{head}{keyword} {merged.name}{implements}", merged.directives, items)


def _with_body(head: str, directives: Sequence[Applied], items: Sequence[str]) -> str:
    spacing = " " if not directives and items else ""
    return head + _directives(directives, True, bool(items)) + spacing + _block(items)


def _enum_value(value: MEnumValue, first: bool) -> str:
    return (_description(value.description, _INDENT, first) + _INDENT + value.name
            + _directives(value.directives))


def _field(field: MField, first: bool, is_input: bool) -> str:
    text = _description(field.description, _INDENT, first) + _INDENT + field.name
    if not is_input:
        text += _arguments(list(field.args.values()), _INDENT)
    text += f": {print_type(field.type)}"
    if is_input and field.default is not None:
        text += " = " + print_value(field.default, base_type_name(field.type))
    return text + _directives(field.directives)


def _argument(argument: MArgument) -> str:
    text = f"{argument.name}: {print_type(argument.type)}"
    if argument.default is not None:
        text += " = " + print_value(argument.default, base_type_name(argument.type))
    return text + _directives(argument.directives)


def _arguments(arguments: Sequence[MArgument], indentation: str) -> str:
    if not arguments:
        return ""
    if all(a.description is None for a in arguments):
        return "(" + ", ".join(_argument(a) for a in arguments) + ")"
    inner = "  " + indentation
    lines = [_description(a.description, inner, i == 0) + inner + _argument(a)
             for i, a in enumerate(arguments)]
    return "(\n" + "\n".join(lines) + "\n" + indentation + ")"
