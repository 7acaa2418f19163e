"""Check one subgraph's federation directives: keys, requires, provides and externals."""

from __future__ import annotations

from .errors import CompositionIssue
from .facts import SubgraphFacts
from .fieldsets import resolve_field_set
from .model import SubField, Subgraph, SubType
from .values import base_type_name

__all__ = ["validate_subgraph"]


def validate_subgraph(subgraph: Subgraph, facts: SubgraphFacts) -> list[CompositionIssue]:
    """Every problem with the federation directives of ``subgraph``."""
    issues: list[CompositionIssue] = []

    def report(code: str, message: str) -> None:
        issues.append(CompositionIssue(code, message, subgraph.name))

    for sub_type in subgraph.types.values():
        for key in sub_type.keys:
            for problem in resolve_field_set(subgraph, sub_type.name, key.fields).problems:
                report("KEY_INVALID_FIELDS",
                       f'@key(fields: "{key.fields}") on type "{sub_type.name}": {problem}')
        if sub_type.interface_object and not sub_type.keys:
            report("INTERFACE_OBJECT_USAGE_ERROR",
                   f'type "{sub_type.name}" is an @interfaceObject but has no @key')
        if sub_type.kind in ("object", "interface"):
            for field in sub_type.fields.values():
                _check_field(subgraph, facts, sub_type, field, report)
    return issues


def _check_field(subgraph: Subgraph, facts: SubgraphFacts, sub_type: SubType, field: SubField,
                 report) -> None:  # noqa: ANN001 - report(code, message)
    where = f"{sub_type.name}.{field.name}"
    if field.requires is not None:
        _check_requires(subgraph, facts, sub_type, field, report)
    if field.provides is not None:
        _check_provides(subgraph, facts, field, where, report)
    if (subgraph.fed2 and facts.is_external(sub_type.name, field.name)
            and not facts.is_used(sub_type.name, field.name)):
        report("EXTERNAL_UNUSED",
               f'field "{where}" is @external but no @key, @requires or @provides of this '
               "subgraph uses it")


def _check_requires(subgraph: Subgraph, facts: SubgraphFacts, sub_type: SubType,
                    field: SubField, report) -> None:  # noqa: ANN001
    where = f"{sub_type.name}.{field.name}"
    text = field.requires or ""
    result = resolve_field_set(subgraph, sub_type.name, text)
    for problem in result.problems:
        report("REQUIRES_INVALID_FIELDS",
               f'@requires(fields: "{text}") on field "{where}": {problem} (a field resolved '
               "by another subgraph must be declared here with @external)")
    if not subgraph.fed2 or result.problems:
        return
    for type_name, name in result.coordinates:
        leaf = subgraph.types[type_name].fields[name]
        if subgraph.composite(base_type_name(leaf.type)) is None and not facts.is_external(
                type_name, name):
            report("REQUIRES_FIELDS_MISSING_EXTERNAL",
                   f'@requires(fields: "{text}") on field "{where}" selects '
                   f'"{type_name}.{name}", which is not @external in this subgraph')


def _check_provides(subgraph: Subgraph, facts: SubgraphFacts, field: SubField, where: str,
                    report) -> None:  # noqa: ANN001
    text = field.provides or ""
    target = base_type_name(field.type)
    if subgraph.composite(target) is None and subgraph.types.get(target, None) is None:
        report("PROVIDES_ON_NON_OBJECT_FIELD",
               f'@provides on field "{where}": its type "{target}" is not an object type')
        return
    if subgraph.types[target].kind not in ("object", "interface", "union"):
        report("PROVIDES_ON_NON_OBJECT_FIELD",
               f'@provides on field "{where}": its type "{target}" is not an object type')
        return
    result = resolve_field_set(subgraph, target, text)
    for problem in result.problems:
        report("PROVIDES_INVALID_FIELDS",
               f'@provides(fields: "{text}") on field "{where}": {problem} (a field resolved '
               "by another subgraph must be declared here with @external)")
    if not subgraph.fed2 or result.problems:
        return
    for type_name, name in result.coordinates:
        leaf = subgraph.types[type_name].fields[name]
        if subgraph.composite(base_type_name(leaf.type)) is None and not facts.is_external(
                type_name, name):
            report("PROVIDES_FIELDS_MISSING_EXTERNAL",
                   f'@provides(fields: "{text}") on field "{where}" selects '
                   f'"{type_name}.{name}", which is not @external in this subgraph')
