"""Resolve a supergraph's ``@link`` (or legacy ``@core``) applications into local names."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    EnumValueNode,
    ListValueNode,
    ObjectValueNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    StringValueNode,
    ValueNode,
)

from gateway.errors import SupergraphError
from gateway.supergraph.spec import (
    CORE_SPEC,
    EXECUTION_PURPOSES,
    JOIN_SPEC,
    LINK_SPEC,
    SUPPORTED_VERSIONS,
    SpecUrl,
    parse_spec_url,
)

__all__ = ["LinkedSpec", "Links", "resolve_links", "value_to_python"]


def value_to_python(node: ValueNode) -> object:
    """Turn a literal argument value into Python (strings, booleans, enums, lists, objects)."""
    if isinstance(node, StringValueNode):
        return node.value
    if isinstance(node, BooleanValueNode):
        return node.value
    if isinstance(node, EnumValueNode):
        return node.value
    if isinstance(node, ListValueNode):
        return [value_to_python(v) for v in node.values]
    if isinstance(node, ObjectValueNode):
        return {f.name.value: value_to_python(f.value) for f in node.fields}
    return getattr(node, "value", None)


def directive_args(node: DirectiveNode) -> dict[str, object]:
    """The literal arguments of a directive application."""
    return {a.name.value: value_to_python(a.value) for a in node.arguments or ()}


@dataclass(slots=True)
class LinkedSpec:
    """One linked spec and the local names its elements have in this document."""

    url: SpecUrl
    """The spec's URL, parsed."""

    prefix: str
    """Local name of the spec (``as:``, or the spec's own name)."""

    purpose: str | None
    """``for:`` argument, if any."""

    imports: dict[str, str] = field(default_factory=dict)
    """Imported element (``@tag``, ``FieldSet``) → local name."""

    def directive(self, name: str) -> str:
        """Local name of the spec's directive ``name`` (without ``@``)."""
        imported = self.imports.get("@" + name)
        if imported is not None:
            return imported.lstrip("@")
        if name == self.url.name:
            return self.prefix
        return f"{self.prefix}__{name}"

    def type_name(self, name: str) -> str:
        """Local name of the spec's type ``name``."""
        return self.imports.get(name) or f"{self.prefix}__{name}"

    def owns_directive(self, local: str) -> bool:
        """True if ``local`` names a directive of this spec."""
        return (local == self.prefix or local.startswith(self.prefix + "__")
                or "@" + local in self.imports.values())

    def owns_type(self, local: str) -> bool:
        """True if ``local`` names a type of this spec."""
        return local.startswith(self.prefix + "__") or local in self.imports.values()


@dataclass(slots=True)
class Links:
    """All specs linked by a supergraph, by spec name."""

    specs: dict[str, LinkedSpec]
    """Linked specs by their spec name (``join``, ``link``, ...)."""

    @property
    def join(self) -> LinkedSpec:
        """The join spec (always present once resolved)."""
        return self.specs[JOIN_SPEC]

    def get(self, name: str) -> LinkedSpec | None:
        """The linked spec called ``name``, if linked."""
        return self.specs.get(name)

    def is_machinery_directive(self, local: str) -> bool:
        """True for directives of any linked spec (removed from the API schema)."""
        return any(s.owns_directive(local) for s in self.specs.values())

    def is_machinery_type(self, local: str) -> bool:
        """True for types of any linked spec (removed from the API schema)."""
        return any(s.owns_type(local) for s in self.specs.values())


def _parse_imports(raw: object) -> dict[str, str]:
    imports: dict[str, str] = {}
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, str):
            imports[item] = item
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            name = item["name"]
            imports[name] = str(item.get("as") or name)
    return imports


def _link_applications(document: DocumentNode) -> list[DirectiveNode]:
    schema_nodes = [d for d in document.definitions
                    if isinstance(d, (SchemaDefinitionNode, SchemaExtensionNode))]
    if not schema_nodes:
        raise SupergraphError("the supergraph has no schema definition with @link directives")
    return [app for node in schema_nodes for app in node.directives or ()
            if app.name.value in {"link", "core"} or app.name.value.endswith("__link")]


def resolve_links(document: DocumentNode) -> Links:
    """Read every ``@link``/``@core`` on the schema definition and check it is supported.

    A spec linked ``for: EXECUTION`` or ``for: SECURITY`` that this gateway does not implement
    makes the supergraph unusable, as the link spec requires.
    """
    specs: dict[str, LinkedSpec] = {}
    for app in _link_applications(document):
        args = directive_args(app)
        raw_url = args.get("url") or args.get("feature")
        if not isinstance(raw_url, str):
            raise SupergraphError(f"@{app.name.value} without a url argument")
        url = parse_spec_url(raw_url)
        purpose = args.get("for")
        if url is None:
            if purpose in EXECUTION_PURPOSES:
                raise SupergraphError(f"unsupported spec {raw_url!r} linked for {purpose}")
            continue
        known = SUPPORTED_VERSIONS.get(url.name) if url.is_apollo else None
        if known is None or url.version not in known:
            if purpose in EXECUTION_PURPOSES or url.name == JOIN_SPEC:
                raise SupergraphError(
                    f"unsupported spec {raw_url!r} (for: {purpose or 'none'}); this gateway "
                    f"implements join v0.2–v0.5, link v1.0, inaccessible v0.1–v0.2, tag v0.1–v0.3, "
                    f"policy v0.1")
            continue
        prefix = str(args.get("as") or url.name)
        specs[url.name] = LinkedSpec(url=url, prefix=prefix,
                                     purpose=purpose if isinstance(purpose, str) else None,
                                     imports=_parse_imports(args.get("import")))
    if JOIN_SPEC not in specs:
        raise SupergraphError(
            "the schema does not link the join spec (https://specs.apollo.dev/join/vX.Y): "
            "this is not a federation supergraph")
    if LINK_SPEC not in specs and CORE_SPEC not in specs:
        specs[LINK_SPEC] = LinkedSpec(url=SpecUrl("https://specs.apollo.dev/link/v1.0", "link",
                                                  (1, 0)), prefix="link", purpose=None)
    return Links(specs=specs)
