"""State shared by the merge steps: subgraphs, their facts, graph names and found problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import CompositionIssue
from .facts import SubgraphFacts
from .model import Subgraph
from .supermodel import MergedSupergraph
from .values import is_strict_subtype

__all__ = ["MergeContext", "describe_subgraphs"]


def describe_subgraphs(names: list[str]) -> str:
    """``subgraph "a"`` or ``subgraphs "a" and "b"`` (Apollo's wording convention)."""
    quoted = [f'"{n}"' for n in names]
    if len(quoted) == 1:
        return f"subgraph {quoted[0]}"
    return "subgraphs " + ", ".join(quoted[:-1]) + f" and {quoted[-1]}"


@dataclass(slots=True)
class MergeContext:
    """What every merge step reads or reports to."""

    subgraphs: list[Subgraph]
    """Sorted by name, as Apollo orders them; indexes below refer to this list."""
    facts: list[SubgraphFacts]
    supergraph: MergedSupergraph
    issues: list[CompositionIssue] = field(default_factory=list)
    enum_usages: dict[str, set[str]] = field(default_factory=dict)
    """Enum name → ``{"input", "output"}`` positions it is used in."""

    def graph(self, index: int) -> str:
        """The ``join__Graph`` value of subgraph ``index``."""
        return self.supergraph.graphs[index].enum

    def name(self, index: int) -> str:
        """The name of subgraph ``index``."""
        return self.subgraphs[index].name

    def report(self, code: str, message: str, subgraph: str | None = None) -> None:
        """Record a composition error."""
        self.issues.append(CompositionIssue(code, message, subgraph))

    def is_direct_subtype(self, abstract: str, member: str) -> bool:
        """Union membership or interface implementation in the merged supergraph."""
        abstract_type = self.supergraph.types.get(abstract)
        member_type = self.supergraph.types.get(member)
        if abstract_type is None or member_type is None:
            return False
        if abstract_type.kind == "union":
            return member_type.kind == "object" and member in abstract_type.members
        return abstract_type.kind == "interface" and abstract in member_type.interfaces

    def strict_subtype(self, sup, sub) -> bool:  # noqa: ANN001 - TypeNode
        """Apollo's subtyping between two type references."""
        return is_strict_subtype(sup, sub, self.is_direct_subtype)

    def record_enum_usage(self, type_name: str, position: str) -> None:
        """Remember that enum ``type_name`` appears in an input or output position."""
        merged = self.supergraph.types.get(type_name)
        if merged is not None and merged.kind == "enum":
            self.enum_usages.setdefault(type_name, set()).add(position)
