"""Search criteria: the filter as values, the must-offer preset from configuration, and a
CPR-free rendering of them for the adgangslog's ``soegekriterium``.

Semantics (all given parts must hold; only rows the caller may see count, see
:mod:`subgraphs.hoi.index.access`):

* ``min_sektorer`` — active sager in at least this many sectors;
* ``indsatser`` — groups of alternatives: for every group, an active row matching one of
  its :class:`IndsatsMatch` (a type code matches an indsats or plan; a hjemmel matches an
  indsats or a sag — an open sag afgjort under SEL §85 is §85 support even when the source
  dates the single indsats as ended; both together match an indsats having both);
* ``kontaktgrupper`` — groups of alternatives of DFDG kontaktgruppe codes (the ydelse);
* ``har_min_plan`` — an active Min Plan (True) or none the caller can see (False);
* ``min_alder`` / ``max_alder`` — age in whole years today.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_PRESET_PATH", "CodeRef", "Criteria", "IndsatsMatch", "Preset",
           "check_text", "load_preset", "render_arguments"]

DEFAULT_PRESET_PATH = Path(__file__).resolve().parent / "skal_maalgruppe.toml"
"""The HOI skal-målgruppe configuration shipped with the code."""

_CPR_LIKE = re.compile(r"\d{6}-?\d{4}")
_MAX_TEXT = 100


def check_text(value: str) -> str:
    """A criterion's text, refused (ValueError) when empty, long, or CPR-like (rule G5)."""
    if not value.strip() or len(value) > _MAX_TEXT:
        raise ValueError(f"a code or hjemmel must be 1-{_MAX_TEXT} characters")
    if _CPR_LIKE.search(value):
        raise ValueError("a criterion looks like a CPR number; the search takes no CPR")
    return value.strip()


@dataclass(frozen=True, slots=True)
class CodeRef:
    """A code from a catalogue: ``system`` and ``kode``."""

    system: str
    kode: str


@dataclass(frozen=True, slots=True, kw_only=True)
class IndsatsMatch:
    """One alternative of an indsats criterion: a type code, a hjemmel, or both."""

    type: CodeRef | None = None
    lov: str | None = None
    paragraf: str | None = None

    def __post_init__(self) -> None:
        if self.type is None and (self.lov is None or self.paragraf is None):
            raise ValueError("an indsats criterion needs system+kode or lov+paragraf")
        if (self.lov is None) != (self.paragraf is None):
            raise ValueError("lov and paragraf go together")


@dataclass(frozen=True, slots=True, kw_only=True)
class Criteria:
    """What a citizen must have (see the module docstring)."""

    min_sektorer: int | None = None
    indsatser: tuple[tuple[IndsatsMatch, ...], ...] = ()
    kontaktgrupper: tuple[tuple[CodeRef, ...], ...] = ()
    har_min_plan: bool | None = None
    min_alder: int | None = None
    max_alder: int | None = None

    def __post_init__(self) -> None:
        if self.min_sektorer is not None and not 0 <= self.min_sektorer <= 6:
            raise ValueError("minAktiveSektorer must be 0-6")
        for age in (self.min_alder, self.max_alder):
            if age is not None and not 0 <= age <= 130:
                raise ValueError("an age must be 0-130")
        if any(not group for group in (*self.indsatser, *self.kontaktgrupper)):
            raise ValueError("an empty list of alternatives matches nobody")

    def and_(self, other: Criteria) -> Criteria:
        """Both ``self`` and ``other`` (ValueError when they contradict on Min Plan)."""
        if None not in (self.har_min_plan, other.har_min_plan) and \
                self.har_min_plan != other.har_min_plan:
            raise ValueError("harMinPlan contradicts the ready filter")
        return Criteria(
            min_sektorer=_pick(max, self.min_sektorer, other.min_sektorer),
            indsatser=self.indsatser + other.indsatser,
            kontaktgrupper=self.kontaktgrupper + other.kontaktgrupper,
            har_min_plan=_first(self.har_min_plan, other.har_min_plan),
            min_alder=_pick(max, self.min_alder, other.min_alder),
            max_alder=_pick(min, self.max_alder, other.max_alder))


def _pick(choose: Any, a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else int(choose(a, b))


def _first(a: bool | None, b: bool | None) -> bool | None:
    return b if a is None else a


@dataclass(frozen=True, slots=True)
class Preset:
    """A named ready filter from configuration (the HOI skal-målgruppe)."""

    navn: str
    criteria: Criteria
    labels: tuple[str, ...] = field(default=())
    """The ydelser and indsatser it lists, for documentation."""


def _code(raw: Mapping[str, Any]) -> CodeRef:
    return CodeRef(system=check_text(str(raw["system"])), kode=check_text(str(raw["kode"])))


def load_preset(path: Path | None = None) -> Preset:
    """The skal-målgruppe preset from a TOML file (ValueError/KeyError when malformed)."""
    with (path or DEFAULT_PRESET_PATH).open("rb") as handle:
        raw = tomllib.load(handle)["skal_maalgruppe"]
    ydelser = raw.get("ydelser", [])
    indsatser = raw.get("indsatser", [])
    codes = tuple(_code(code) for ydelse in ydelser for code in ydelse["kontaktgrupper"])
    matches = tuple(IndsatsMatch(lov=check_text(str(i["lov"])),
                                 paragraf=check_text(str(i["paragraf"]))) for i in indsatser)
    criteria = Criteria(min_alder=raw.get("min_alder"),
                        har_min_plan=True if raw.get("min_plan") else None,
                        kontaktgrupper=(codes,) if codes else (),
                        indsatser=(matches,) if matches else ())
    labels = tuple(str(y["ydelse"]) for y in ydelser) + tuple(
        f"{i['lov']} §{i['paragraf']}" for i in indsatser)
    return Preset(navn=str(raw.get("navn", "skal-målgruppe")), criteria=criteria, labels=labels)


_ORDER = ("minAktiveSektorer", "indsatser", "kontaktgrupper", "harMinPlan", "minAlder",
          "maxAlder", "skalMaalgruppe")


def _mask(text: str) -> str:
    return _CPR_LIKE.sub("<fjernet>", text)


def _render_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        parts = [f"{k}:{_render_value(v)}" for k, v in sorted(value.items()) if v is not None]
        return "{" + ",".join(parts) + "}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[" + ",".join(_render_value(v) for v in value) + "]"
    return _mask(str(value))


def render_arguments(arguments: Mapping[str, Any]) -> str:
    """The search's arguments (``filter``, ``first``, ``after``) as one CPR-free line.

    Takes the root field's argument values as JSON (what the gateway has after variable
    coercion). Known filter keys in a fixed order, unknown ones ignored, any CPR-like digit
    run masked, and the cursor reduced to whether one was given (it names a citizen).
    """
    raw_filter = arguments.get("filter")
    given = raw_filter if isinstance(raw_filter, Mapping) else {}
    parts = [f"{key}={_render_value(given[key])}" for key in _ORDER
             if given.get(key) is not None]
    if arguments.get("first") is not None:
        parts.append(f"first={_render_value(arguments['first'])}")
    if arguments.get("after"):
        parts.append("after=<markør>")
    return "maalgruppe: " + ("; ".join(parts) if parts else "(intet filter)")
