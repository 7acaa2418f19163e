"""Sort the directives applied to one subgraph element into federation facts and kept ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from graphql.language import BooleanValueNode, ConstDirectiveNode, StringValueNode, ValueNode

from .errors import INVALID_GRAPHQL, CompositionIssue
from .links import FEDERATION_DIRECTIVES, FederationLink
from .model import Applied
from .values import print_value

__all__ = ["BUILTIN_KEPT", "DirectiveReader", "ElementDirectives"]

BUILTIN_KEPT = frozenset({"deprecated", "specifiedBy"})
"""Built-in directives whose applications composition keeps in the supergraph."""
_BUILTIN_DROPPED = frozenset({"include", "skip", "oneOf", "defer", "stream"})
_KEPT_FEDERATION = frozenset({"tag", "inaccessible", "policy"})
_SUPPORTED = frozenset({
    "key", "requires", "provides", "external", "extends", "shareable", "override",
    "interfaceObject", "tag", "inaccessible", "composeDirective", "policy",
})


@dataclass(slots=True)
class ElementDirectives:
    """Federation directives found on one element, by federation name, with their arguments."""

    federation: list[tuple[str, dict[str, ValueNode]]] = field(default_factory=list)
    kept: list[Applied] = field(default_factory=list)
    """Applications that go into the supergraph (``@tag``, ``@inaccessible``, ``@deprecated``)."""

    def has(self, name: str) -> bool:
        """Whether federation directive ``name`` is applied."""
        return any(n == name for n, _ in self.federation)

    def all(self, name: str) -> list[dict[str, ValueNode]]:
        """Arguments of every application of federation directive ``name``."""
        return [args for n, args in self.federation if n == name]

    def string(self, name: str, argument: str) -> str | None:
        """A string argument of the first application of ``name``."""
        for args in self.all(name):
            value = args.get(argument)
            if isinstance(value, StringValueNode):
                return value.value
        return None

    def boolean(self, name: str, argument: str) -> bool | None:
        """A boolean argument of the first application of ``name``."""
        for args in self.all(name):
            value = args.get(argument)
            if isinstance(value, BooleanValueNode):
                return value.value
        return None


@dataclass(slots=True)
class DirectiveReader:
    """Classifies directive applications of one subgraph, collecting problems."""

    subgraph: str
    link: FederationLink
    custom: frozenset[str]
    """Directives the subgraph SDL defines itself (dropped from the supergraph)."""
    issues: list[CompositionIssue]

    def read(self, nodes: Sequence[ConstDirectiveNode], where: str) -> ElementDirectives:
        """Classify the directives applied to element ``where`` (``Type.field`` style)."""
        found = ElementDirectives()
        for node in nodes:
            self._read_one(node, where, found)
        return found

    def _read_one(self, node: ConstDirectiveNode, where: str, found: ElementDirectives) -> None:
        local = node.name.value
        args = {a.name.value: a.value for a in node.arguments or ()}
        federation = self.link.federation_name(local)
        if federation is not None:
            self._federation(federation, args, node, where, found)
        elif local in BUILTIN_KEPT:
            found.kept.append(_applied(local, node))
        elif local in self.custom or local in _BUILTIN_DROPPED or self.link.is_foreign(local):
            return
        else:
            self.issues.append(CompositionIssue(
                INVALID_GRAPHQL, self._unknown_message(local, where), self.subgraph))

    def _federation(self, name: str, args: dict[str, ValueNode], node: ConstDirectiveNode,
                    where: str, found: ElementDirectives) -> None:
        if name not in _SUPPORTED:
            self.issues.append(CompositionIssue(
                "UNSUPPORTED_FEATURE",
                f'@{node.name.value} on "{where}": the federation directive @{name} is not '
                "supported by Helhed's composer", self.subgraph))
            return
        found.federation.append((name, args))
        if name in _KEPT_FEDERATION:
            found.kept.append(_applied(name, node))

    def _unknown_message(self, local: str, where: str) -> str:
        message = f'unknown directive "@{local}" on "{where}"'
        if self.link.fed2 and local in FEDERATION_DIRECTIVES:
            message += (
                f'; to use the federation directive, add "@{local}" to the import list of the '
                f'federation @link or write it "@federation__{local}"')
        return message


def _applied(name: str, node: ConstDirectiveNode) -> Applied:
    args = tuple((a.name.value, print_value(a.value)) for a in node.arguments or ())
    return Applied(name, args)
