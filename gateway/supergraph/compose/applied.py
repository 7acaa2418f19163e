"""Merge descriptions and kept directive applications (``@tag``, ``@deprecated``…) as Apollo."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .model import Applied

__all__ = ["INACCESSIBLE", "merge_description", "merge_applied", "split_inaccessible"]

INACCESSIBLE = "inaccessible"
_REPEATABLE = frozenset({"tag"})


def merge_description(descriptions: Iterable[str | None]) -> str | None:
    """The description the supergraph uses: the only one, else the most common non-empty one.

    Ties go to the subgraph that comes first (Apollo's ``indexOfMax``); an empty description
    only wins when nothing else exists.
    """
    seen: list[str] = []
    counts: list[int] = []
    for description in descriptions:
        if description is None:
            continue
        if description in seen:
            counts[seen.index(description)] += 1
        else:
            seen.append(description)
            counts.append(-(10**9) if description == "" else 1)
    if not seen:
        return None
    non_empty = [d for d in seen if d != ""]
    if len(seen) == 1:
        return seen[0]
    if len(non_empty) == 1:
        return non_empty[0]
    return seen[counts.index(max(counts))]


def split_inaccessible(sources: Sequence[Sequence[Applied]]) -> tuple[list[Applied], list[Applied]]:
    """``(@inaccessible applied first, everything else merged)`` for one element.

    Apollo applies ``@inaccessible`` as soon as it merges an element, before the ``@join__*``
    directives, and every other kept directive at the very end; the printed order follows.
    """
    first = [Applied(INACCESSIBLE)] if any(
        a.name == INACCESSIBLE for applied in sources for a in applied) else []
    rest = [[a for a in applied if a.name != INACCESSIBLE] for applied in sources]
    return first, merge_applied(rest)


def merge_applied(sources: Sequence[Sequence[Applied]]) -> list[Applied]:
    """Merge the kept directive applications of one element across subgraphs.

    Names come in first-seen order. A repeatable directive (``@tag``) keeps every distinct
    application; a non-repeatable one (``@deprecated``) keeps the most common application.
    """
    names: list[str] = []
    for applied in sources:
        for application in applied:
            if application.name not in names:
                names.append(application.name)
    merged: list[Applied] = []
    for name in names:
        found = [a for applied in sources for a in applied if a.name == name]
        if name in _REPEATABLE:
            merged.extend(_unique(found))
        else:
            distinct = _unique(found)
            merged.append(max(distinct, key=found.count))
    return merged


def _unique(applications: Iterable[Applied]) -> list[Applied]:
    unique: list[Applied] = []
    for application in applications:
        if application not in unique:
            unique.append(application)
    return unique
