"""Composition errors: every problem found while composing, each with a precise message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gateway.errors import SupergraphError

__all__ = ["CompositionError", "CompositionIssue", "INVALID_GRAPHQL"]

INVALID_GRAPHQL = "INVALID_GRAPHQL"


@dataclass(frozen=True, slots=True)
class CompositionIssue:
    """One composition problem.

    ``code`` uses Apollo's error code names (``FIELD_TYPE_MISMATCH``, ``INVALID_FIELD_SHARING``,
    …) so that our failures can be compared with ``@apollo/composition``'s; the message is ours.
    """

    code: str
    """Apollo's error code for this kind of problem."""
    message: str
    """What is wrong, naming the subgraph(s), type and field."""
    subgraph: str | None = None
    """The subgraph the problem was found in, when it belongs to exactly one."""

    def __str__(self) -> str:
        prefix = f"[{self.subgraph}] " if self.subgraph else ""
        return f"{prefix}{self.message}"


class CompositionError(SupergraphError):
    """The subgraphs cannot be composed; ``issues`` lists every problem found."""

    def __init__(self, issues: Sequence[CompositionIssue]) -> None:
        self.issues: tuple[CompositionIssue, ...] = tuple(issues)
        """Every problem, in the order they were found."""
        count = len(self.issues)
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        super().__init__(f"composition failed with {count} error(s):\n{lines}")

    @property
    def messages(self) -> list[str]:
        """The problems as text, each prefixed with ``[subgraph]`` when it has one."""
        return [str(issue) for issue in self.issues]

    @property
    def codes(self) -> list[str]:
        """Apollo error codes of the problems, in order."""
        return [issue.code for issue in self.issues]
