"""What the hoi subgraph needs to serve the report: the key and the målgruppe source."""

from __future__ import annotations

from dataclasses import dataclass

from subgraphs.hoi.report.maalgruppe import MaalgruppeKilde
from subgraphs.hoi.report.pseudonym import Pseudonymiser, load_key

__all__ = ["ReportSettings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportSettings:
    """The report's configuration in a running subgraph."""

    pseudonym: Pseudonymiser | None = None
    """None: no key configured, and the report is refused (never made with a made-up key)."""
    maalgruppe: MaalgruppeKilde | None = None
    """None: the "found in the target group" figure is reported as not available."""

    @classmethod
    def from_environment(cls, key_file: str | None = None) -> ReportSettings:
        """The key from ``key_file`` or ``HELHED_HOI_PSEUDONYM_KEY``, if either is set."""
        key = load_key(key_file)
        return cls(pseudonym=None if key is None else Pseudonymiser(key))
