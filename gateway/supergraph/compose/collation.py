"""Name ordering as Apollo's printer sorts it (JavaScript ``localeCompare`` with ICU defaults)."""

from __future__ import annotations

__all__ = ["collation_key"]


def _primary(char: str) -> tuple[int, int]:
    # ICU root collation for GraphQL names: punctuation ("_") < digits < letters, letters
    # compared case-insensitively at the primary level.
    if char == "_":
        return (0, 0)
    if char.isdigit():
        return (1, ord(char))
    if char.isalpha():
        return (2, ord(char.lower()))
    return (3, ord(char))


def collation_key(name: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """A sort key ordering names like ``a.localeCompare(b)`` does in Node.js.

    Primary differences (letters ignoring case) win over tertiary ones (case), and at the
    tertiary level a lowercase letter sorts before the uppercase one.
    """
    primary = tuple(_primary(char) for char in name)
    tertiary = tuple(1 if char.isupper() else 0 for char in name)
    return primary, tertiary
