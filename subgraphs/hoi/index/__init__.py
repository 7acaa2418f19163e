"""The target-group search (udsøgning, issue 6): an index of case and indsats metadata.

* :mod:`~subgraphs.hoi.index.tables` — the tables in the shared database (versions 200–299);
* :mod:`~subgraphs.hoi.index.sync` — kept current from the sector systems' change feeds
  (``python -m subgraphs.hoi.index sync``, or the hoi subgraph's background task, see
  :mod:`~subgraphs.hoi.index.runtime`);
* :mod:`~subgraphs.hoi.index.access` — which rows a caller may see and count (A1, H2);
* :mod:`~subgraphs.hoi.index.search` — the set-based SQL search with keyset pages;
* :mod:`~subgraphs.hoi.index.query` — ``Query.maalgruppe`` in the hoi subgraph;
* ``skal_maalgruppe.toml`` — the HOI must-offer criteria, as configuration.
"""

from __future__ import annotations

__all__: list[str] = []
