"""Access decisions of DOMAIN.md §12: which policies a principal holds, and object by object.

Modules: ``grants`` (the ``@policy`` names a principal satisfies: static filtering),
``facts`` (the access metadata of one object), ``consent`` (what a samtykke covers),
``rules`` (the A/C rules, one function each) and ``decide`` (the single decision function
that applies them in order and says on what legal basis an object is shown).
"""

from __future__ import annotations

__all__: list[str] = []
