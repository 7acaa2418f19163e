"""Reporting on HOI (indberetning): for a period, how many citizens were found in the target
group, offered HOI, consented, had a plan and for how long, how many plans closed and why.

A CSV or JSON dataset with pseudonymised citizen ids (:mod:`.pseudonym`), made from the
stored state only (:mod:`.collect`), byte-identical for the same inputs. Served through the
graph (``Query.hoiIndberetning``, role ``hoi-indberetning``) and as
``python -m subgraphs.hoi.report --fra DATE --til DATE --format csv``.
"""

from __future__ import annotations

from subgraphs.hoi.report.build import indberetning, periode
from subgraphs.hoi.report.collect import Haendelser, Periode
from subgraphs.hoi.report.dataset import Datasaet, Raekke
from subgraphs.hoi.report.maalgruppe import MaalgruppeKilde
from subgraphs.hoi.report.pseudonym import KEY_ENV, Pseudonymiser, load_key
from subgraphs.hoi.report.render import COLUMNS, Format
from subgraphs.hoi.report.settings import ReportSettings

__all__ = ["COLUMNS", "KEY_ENV", "Datasaet", "Format", "Haendelser", "MaalgruppeKilde",
           "Periode", "Pseudonymiser", "Raekke", "ReportSettings", "indberetning", "load_key",
           "periode"]
