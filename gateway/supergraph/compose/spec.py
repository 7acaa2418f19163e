"""Definitions of the link, join, tag, inaccessible and policy specs as supergraphs print them."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["spec_directives", "spec_types", "schema_links"]

LINK_URL = "https://specs.apollo.dev/link/v1.0"
_TAG = (
    "directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION "
    "| ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION "
    "| SCHEMA"
)
_INACCESSIBLE = (
    "directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION "
    "| ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION"
)
_POLICY = ("directive @policy(policies: [[policy__Policy!]!]!) on FIELD_DEFINITION | OBJECT "
           "| INTERFACE | SCALAR | ENUM")
_LINK = ("directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) "
         "repeatable on SCHEMA")
_FEATURE_LINKS = {
    "policy": '@link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)',
    "tag": '@link(url: "https://specs.apollo.dev/tag/v0.3")',
    "inaccessible": '@link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)',
}
_PURPOSE = '''enum link__Purpose {
  """
  `SECURITY` features provide metadata necessary to securely resolve fields.
  """
  SECURITY

  """
  `EXECUTION` features provide metadata necessary for operation execution.
  """
  EXECUTION
}'''
_CONTEXT_ARGUMENT = '''input join__ContextArgument {
  name: String!
  type: String!
  context: String!
  selection: join__FieldValue!
}'''


def _join_field(version: tuple[int, int]) -> str:
    args = ("graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, "
            "type: String, external: Boolean, override: String, usedOverridden: Boolean")
    if version >= (0, 4):
        args += ", overrideLabel: String"
    if version >= (0, 5):
        args += ", contextArguments: [join__ContextArgument!]"
    return (f"directive @join__field({args}) repeatable on FIELD_DEFINITION "
            "| INPUT_FIELD_DEFINITION")


def schema_links(version: tuple[int, int], features: list[str]) -> list[str]:
    """The ``@link`` applications of the supergraph's schema definition, in Apollo's order."""
    join = f'@link(url: "https://specs.apollo.dev/join/v{version[0]}.{version[1]}", for: EXECUTION)'
    return [f'@link(url: "{LINK_URL}")', join, *(_FEATURE_LINKS[f] for f in features)]


def spec_directives(version: tuple[int, int], features: list[str]) -> dict[str, str]:
    """Directive name → printed definition, for every spec directive the supergraph needs."""
    directives = {
        "join__enumValue": ("directive @join__enumValue(graph: join__Graph!) "
                            "repeatable on ENUM_VALUE"),
        "join__field": _join_field(version),
        "join__graph": "directive @join__graph(name: String!, url: String!) on ENUM_VALUE",
        "join__implements": ("directive @join__implements(graph: join__Graph!, interface: String!) "
                             "repeatable on OBJECT | INTERFACE"),
        "join__type": ("directive @join__type(graph: join__Graph!, key: join__FieldSet, "
                       "extension: Boolean! = false, resolvable: Boolean! = true, "
                       "isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE "
                       "| UNION | ENUM | INPUT_OBJECT | SCALAR"),
        "join__unionMember": ("directive @join__unionMember(graph: join__Graph!, member: String!) "
                              "repeatable on UNION"),
        "link": _LINK,
    }
    if version >= (0, 4):
        directives["join__directive"] = (
            "directive @join__directive(graphs: [join__Graph!], name: String!, "
            "args: join__DirectiveArguments) repeatable on SCHEMA | OBJECT | INTERFACE "
            "| FIELD_DEFINITION")
    if "tag" in features:
        directives["tag"] = _TAG
    if "inaccessible" in features:
        directives["inaccessible"] = _INACCESSIBLE
    if "policy" in features:
        directives["policy"] = _POLICY
    return directives


def spec_types(version: tuple[int, int], graph_enum: str,
               features: Sequence[str] = ()) -> dict[str, str]:
    """Type name → printed definition of the spec types (``join__Graph`` given pre-printed)."""
    types = {
        "join__FieldSet": "scalar join__FieldSet",
        "join__Graph": graph_enum,
        "link__Import": "scalar link__Import",
        "link__Purpose": _PURPOSE,
    }
    if version >= (0, 4):
        types["join__DirectiveArguments"] = "scalar join__DirectiveArguments"
    if version >= (0, 5):
        types["join__FieldValue"] = "scalar join__FieldValue"
        types["join__ContextArgument"] = _CONTEXT_ARGUMENT
    if "policy" in features:
        types["policy__Policy"] = "scalar policy__Policy"
    return types
