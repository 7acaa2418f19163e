"""Merge descriptions and kept directive applications (``@tag``, ``@deprecated``…) as Apollo."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graphql.language import ListValueNode, StringValueNode, parse_value

from .model import Applied

__all__ = ["INACCESSIBLE", "merge_description", "merge_applied", "split_inaccessible"]

INACCESSIBLE = "inaccessible"
_REPEATABLE = frozenset({"tag"})
_DNF_CONJUNCTION = frozenset({"policy"})
"""Directives whose list-of-lists argument merges as a conjunction of DNFs (Apollo's
``DNF_CONJUNCTION``): a shared element must satisfy what every subgraph asks."""


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
        elif name in _DNF_CONJUNCTION and len(_unique(found)) > 1:
            merged.append(_conjoin(_unique(found)))
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


def _conjoin(applications: Sequence[Applied]) -> Applied:
    """One application requiring every given one: the DNFs multiplied out and simplified.

    As Apollo prints it: each conjunction de-duplicated and sorted, conjunctions that contain
    another one dropped (they add nothing to the disjunction), the rest sorted by length and
    then by name. A single distinct application is kept as written (the caller's job).
    """
    name, argument = applications[0].name, applications[0].args[0][0]
    product: list[frozenset[str]] = [frozenset()]
    for application in applications:
        product = [done | more for done in product for more in _dnf(application)]
    minimal = {c for c in product if not any(other < c for other in product)}
    ordered = sorted((sorted(c) for c in minimal), key=lambda c: (len(c), c))
    printed = "[" + ", ".join("[" + ", ".join(f'"{v}"' for v in c) + "]" for c in ordered) + "]"
    return Applied(name, ((argument, printed),))


def _dnf(application: Applied) -> list[frozenset[str]]:
    """The disjunction of conjunctions a ``[[String!]!]!`` argument spells."""
    value = parse_value(application.args[0][1])
    out: list[frozenset[str]] = []
    for inner in value.values if isinstance(value, ListValueNode) else ():
        items = inner.values if isinstance(inner, ListValueNode) else ()
        out.append(frozenset(v.value for v in items if isinstance(v, StringValueNode)))
    return out
