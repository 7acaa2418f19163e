"""Print query plans in Apollo's text layout, and serialise them as the router does."""

from __future__ import annotations

from typing import Any, assert_never

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
    print_ast,
)

from gateway.planner.plan import (
    ConditionNode,
    FetchNode,
    FlattenNode,
    InputFragment,
    InputSelection,
    ParallelNode,
    PlanNode,
    QueryPlan,
    SequenceNode,
)

__all__ = ["print_plan", "plan_to_json", "print_input_selections"]

_INDENT = "  "


def _indent_block(text: str, level: int) -> list[str]:
    pad = _INDENT * level
    return [pad + line if line else pad for line in text.split("\n")]


def print_input_selections(selections: tuple[InputSelection, ...]) -> str:
    """Print a representation recipe as a GraphQL selection set (``stock: stock__alias_0``)."""
    return "{\n" + "\n".join(_input_lines(selections, 1)) + "\n}"


def _input_lines(selections: tuple[InputSelection, ...], level: int) -> list[str]:
    pad = _INDENT * level
    lines: list[str] = []
    for sel in selections:
        if isinstance(sel, InputFragment):
            lines.append(f"{pad}... on {sel.type_condition} {{")
            lines.extend(_input_lines(sel.selections, level + 1))
            lines.append(pad + "}")
            continue
        head = sel.name if sel.store_key == sel.name else f"{sel.name}: {sel.store_key}"
        if sel.selections is None:
            lines.append(pad + head)
        else:
            lines.append(f"{pad}{head} {{")
            lines.extend(_input_lines(sel.selections, level + 1))
            lines.append(pad + "}")
    return lines


def _fetch_body(fetch: FetchNode) -> tuple[str, list[str]]:
    """The selection to show (inside ``_entities`` for entity fetches) and fragment texts."""
    doc = parse(fetch.operation, no_location=True)
    op = next(d for d in doc.definitions if isinstance(d, OperationDefinitionNode))
    fragments = [print_ast(d) for d in doc.definitions if isinstance(d, FragmentDefinitionNode)]
    selection: SelectionSetNode = op.selection_set
    if fetch.requires is not None:
        entities = op.selection_set.selections[0]
        if isinstance(entities, FieldNode) and entities.selection_set is not None:
            selection = entities.selection_set
    return print_ast(selection), fragments


def _print_fetch(fetch: FetchNode, level: int) -> list[str]:
    pad = _INDENT * level
    lines = [f'{pad}Fetch(service: "{fetch.subgraph}") {{']
    body, fragments = _fetch_body(fetch)
    if fetch.requires is not None:
        req = _indent_block(print_input_selections(fetch.requires), level + 1)
        req[-1] += " =>"
        lines.extend(req)
    lines.extend(_indent_block(body, level + 1))
    for fragment in fragments:
        lines.append(_INDENT * (level + 1))
        lines.extend(_indent_block(fragment, level + 1))
    lines.append(pad + "},")
    return lines


def _print_node(node: PlanNode, level: int) -> list[str]:
    pad = _INDENT * level
    match node:
        case FetchNode():
            return _print_fetch(node, level)
        case FlattenNode(path=path, node=child):
            return [f'{pad}Flatten(path: "{".".join(path)}") {{', *_print_node(child, level + 1),
                    pad + "},"]
        case SequenceNode(nodes=nodes):
            return [pad + "Sequence {", *[ln for n in nodes for ln in _print_node(n, level + 1)],
                    pad + "},"]
        case ParallelNode(nodes=nodes):
            return [pad + "Parallel {", *[ln for n in nodes for ln in _print_node(n, level + 1)],
                    pad + "},"]
        case ConditionNode(condition=var, if_clause=then, else_clause=other):
            return _print_condition(var, then, other, level)
        case _:
            assert_never(node)


def _print_condition(var: str, then: PlanNode | None, other: PlanNode | None,
                     level: int) -> list[str]:
    pad = _INDENT * level

    def body(n: PlanNode, lvl: int) -> list[str]:
        lines = _print_node(n, lvl)
        if lines[-1].endswith("},"):
            lines[-1] = lines[-1][:-1]
        return lines

    if then is not None and other is None:
        return [f"{pad}Include(if: ${var}) {{", *body(then, level + 1), pad + "},"]
    if then is None and other is not None:
        return [f"{pad}Skip(if: ${var}) {{", *body(other, level + 1), pad + "},"]
    lines = [f"{pad}Condition(if: ${var}) {{", f"{pad}{_INDENT}Then {{"]
    if then is not None:
        lines.extend(body(then, level + 2))
    lines.append(f"{pad}{_INDENT}}} Else {{")
    if other is not None:
        lines.extend(body(other, level + 2))
    lines += [f"{pad}{_INDENT}}}", pad + "},"]
    return lines


def print_plan(plan: QueryPlan) -> str:
    """Print ``plan`` in Apollo's layout (two-space indents, a comma after each node)."""
    if plan.node is None:
        return "QueryPlan {}"  # Apollo's text for a plan that calls no subgraph
    lines = ["QueryPlan {", *_print_node(plan.node, 1), "}"]
    return "\n".join(lines)


def _inputs_json(selections: tuple[InputSelection, ...]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for sel in selections:
        if isinstance(sel, InputFragment):
            out.append({"kind": "InlineFragment", "typeCondition": sel.type_condition,
                        "selections": _inputs_json(sel.selections)})
        else:
            item: dict[str, Any] = {"kind": "Field", "name": sel.name}
            if sel.store_key != sel.name:
                item["alias"] = sel.store_key
            if sel.selections is not None:
                item["selections"] = _inputs_json(sel.selections)
            out.append(item)
    return out


def _node_json(node: PlanNode) -> dict[str, Any]:
    match node:
        case FetchNode():
            out: dict[str, Any] = {"kind": "Fetch", "serviceName": node.subgraph,
                                   "variableUsages": list(node.variable_usages),
                                   "operation": node.operation,
                                   "operationName": node.operation_name,
                                   "operationKind": node.operation_kind}
            if node.requires is not None:
                out["requires"] = _inputs_json(node.requires)
            if node.input_rewrites:
                out["inputRewrites"] = [
                    {"kind": "ValueSetter", "path": [f"... on {r.type_condition}", r.from_key],
                     "setValueTo": r.value} for r in node.input_rewrites]
            if node.output_rewrites:
                out["outputRewrites"] = [
                    {"kind": "KeyRenamer", "path": [f"... on {r.type_condition}", r.from_key],
                     "renameKeyTo": r.to_key} for r in node.output_rewrites]
            return out
        case FlattenNode(path=path, node=child):
            return {"kind": "Flatten", "path": list(path), "node": _node_json(child)}
        case SequenceNode(nodes=nodes):
            return {"kind": "Sequence", "nodes": [_node_json(n) for n in nodes]}
        case ParallelNode(nodes=nodes):
            return {"kind": "Parallel", "nodes": [_node_json(n) for n in nodes]}
        case ConditionNode(condition=var, if_clause=then, else_clause=other):
            return {"kind": "Condition", "condition": var,
                    "ifClause": None if then is None else _node_json(then),
                    "elseClause": None if other is None else _node_json(other)}
        case _:
            assert_never(node)


def plan_to_json(plan: QueryPlan) -> dict[str, Any]:
    """Serialise ``plan`` as the router does: PascalCase ``kind``, camelCase keys."""
    return {"kind": "QueryPlan", "node": None if plan.node is None else _node_json(plan.node)}
