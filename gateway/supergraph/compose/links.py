"""Read a subgraph's ``@link`` directives: federation version, imports and ``as:`` renames."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from graphql.language import (
    ConstDirectiveNode,
    DocumentNode,
    ListValueNode,
    ObjectValueNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    StringValueNode,
)

__all__ = [
    "FEDERATION1_DIRECTIVES",
    "FEDERATION_DIRECTIVES",
    "FederationLink",
    "LinkProblem",
    "read_federation_link",
]

FEDERATION_URL = re.compile(r"^https://specs\.apollo\.dev/federation/v(\d+)\.(\d+)/?$")
_SPEC_URL = re.compile(r"^https?://[^/]+/(?:.*/)?([A-Za-z_][\w-]*)/v(\d+)\.(\d+)/?$")

FEDERATION_DIRECTIVES: dict[str, tuple[int, int]] = {
    "key": (2, 0),
    "requires": (2, 0),
    "provides": (2, 0),
    "external": (2, 0),
    "tag": (2, 0),
    "extends": (2, 0),
    "shareable": (2, 0),
    "inaccessible": (2, 0),
    "override": (2, 0),
    "composeDirective": (2, 1),
    "interfaceObject": (2, 3),
    "authenticated": (2, 5),
    "requiresScopes": (2, 5),
    "policy": (2, 6),
    "context": (2, 8),
    "fromContext": (2, 8),
    "cost": (2, 9),
    "listSize": (2, 9),
    "cacheTag": (2, 12),
}
"""Federation 2 directives and the federation version that introduced each."""

FEDERATION1_DIRECTIVES = ("key", "requires", "provides", "external", "extends", "tag")
"""Directives a federation-1 subgraph may use without any ``@link``."""


@dataclass(frozen=True, slots=True)
class LinkProblem:
    """A malformed ``@link`` (reported as an ``INVALID_LINK_*`` composition error)."""

    code: str
    message: str


@dataclass(slots=True)
class FederationLink:
    """What a subgraph's links mean: local directive names → federation directive names."""

    fed2: bool
    version: tuple[int, int]
    local_to_federation: dict[str, str] = field(default_factory=dict)
    """Local directive name (``primaryKey``, ``federation__key``) → federation name (``key``)."""
    foreign_prefixes: set[str] = field(default_factory=set)
    """Namespaces (``link``, other specs) whose directives composition ignores."""
    foreign_names: set[str] = field(default_factory=set)
    """Directive names imported from specs composition does not know."""
    problems: list[LinkProblem] = field(default_factory=list)

    def federation_name(self, local: str) -> str | None:
        """The federation directive a local directive name stands for, if any."""
        return self.local_to_federation.get(local)

    def local_names_of(self, federation_name: str) -> list[str]:
        """Every local name under which ``federation_name`` can be used."""
        return [loc for loc, fed in self.local_to_federation.items() if fed == federation_name]

    def is_foreign(self, local: str) -> bool:
        """A directive of a linked spec other than federation (ignored by composition)."""
        prefix = local.split("__", 1)[0] if "__" in local else None
        return local in self.foreign_names or local == "link" or prefix in self.foreign_prefixes


def _schema_links(document: DocumentNode) -> Iterable[ConstDirectiveNode]:
    for definition in document.definitions:
        if isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            yield from (d for d in definition.directives or () if d.name.value == "link")


def _argument(directive: ConstDirectiveNode, name: str) -> object:
    for argument in directive.arguments or ():
        if argument.name.value == name:
            return argument.value
    return None


def _imports(directive: ConstDirectiveNode) -> list[tuple[str, str]]:
    """``(name in spec, local name)`` pairs of the ``import:`` list, without ``@``."""
    value = _argument(directive, "import")
    items = value.values if isinstance(value, ListValueNode) else ()
    pairs: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, StringValueNode):
            pairs.append((item.value.lstrip("@"), item.value.lstrip("@")))
        elif isinstance(item, ObjectValueNode):
            fields = {f.name.value: f.value for f in item.fields}
            name, alias = fields.get("name"), fields.get("as")
            if isinstance(name, StringValueNode):
                local = alias.value if isinstance(alias, StringValueNode) else name.value
                pairs.append((name.value.lstrip("@"), local.lstrip("@")))
    return pairs


def _alias(directive: ConstDirectiveNode, default: str) -> str:
    value = _argument(directive, "as")
    return value.value if isinstance(value, StringValueNode) else default


def _federation1() -> FederationLink:
    link = FederationLink(fed2=False, version=(2, 0))
    link.local_to_federation = {name: name for name in FEDERATION1_DIRECTIVES}
    return link


def _add_federation(link: FederationLink, directive: ConstDirectiveNode) -> None:
    prefix = _alias(directive, "federation")
    known = {n for n, since in FEDERATION_DIRECTIVES.items() if since <= link.version}
    for name in known:
        link.local_to_federation[f"{prefix}__{name}"] = name
    for name, local in _imports(directive):
        if name not in known:
            link.problems.append(LinkProblem(
                "INVALID_LINK_DIRECTIVE_USAGE",
                f'cannot import "@{name}": it is not a directive of federation '
                f"v{link.version[0]}.{link.version[1]}"))
            continue
        link.local_to_federation[local] = name


def _add_other_spec(link: FederationLink, directive: ConstDirectiveNode, url: str) -> None:
    match = _SPEC_URL.match(url)
    if match is None:
        link.problems.append(LinkProblem("INVALID_LINK_IDENTIFIER", f'invalid @link url "{url}"'))
        return
    spec = match.group(1)
    prefix = _alias(directive, spec)
    if spec in ("inaccessible", "tag"):
        link.local_to_federation[prefix] = spec
        for name, local in _imports(directive):
            link.local_to_federation[local] = name
        return
    link.foreign_prefixes.add(prefix)
    link.foreign_names.add(prefix)
    link.foreign_names.update(local for _, local in _imports(directive))


def read_federation_link(document: DocumentNode) -> FederationLink:
    """Interpret the ``@link`` applications of a subgraph SDL.

    No link to the federation spec means a federation-1 subgraph, whose directives go by their
    plain names. With a link, imported directives go by their imported (possibly renamed) name
    and the others by ``<as>__<name>`` (``federation__key`` unless ``as:`` says otherwise).
    """
    links = list(_schema_links(document))
    federation = []
    for directive in links:
        url = _argument(directive, "url")
        if isinstance(url, StringValueNode) and (m := FEDERATION_URL.match(url.value)):
            federation.append((directive, (int(m.group(1)), int(m.group(2)))))
    if not federation:
        link = _federation1()
    else:
        directive, version = federation[0]
        link = FederationLink(fed2=True, version=version)
        if version[0] != 2:
            link.problems.append(LinkProblem(
                "INVALID_LINK_IDENTIFIER",
                f"federation version v{version[0]}.{version[1]} is not supported"))
        _add_federation(link, directive)
    link.foreign_prefixes.add("link")
    for directive in links:
        url = _argument(directive, "url")
        if not isinstance(url, StringValueNode) or FEDERATION_URL.match(url.value):
            continue
        if "/link/v" in url.value:
            continue
        _add_other_spec(link, directive, url.value)
    return link
