"""Value types to and from the JSON stored in the database's JSON columns.

Keys are the GraphQL field names (camelCase), so a database reader sees the graph's words.
Decoding is strict: a stored value that does not fit raises ``KeyError``/``ValueError``,
which the registry reports as an unavailable store (the data is damaged), never guesses.
"""

from __future__ import annotations

from typing import Any

from authz.store.samtykke import GivetAf
from authz.store.values import Actor, ActorKind, Hjemmel, Kode, MyndighedRef, PartType, Sektor

__all__ = [
    "actor_from_json",
    "actor_to_json",
    "givet_af_from_json",
    "givet_af_to_json",
    "hjemmel_from_json",
    "hjemmel_to_json",
    "kode_from_json",
    "kode_to_json",
    "myndighed_from_json",
    "myndighed_to_json",
]

JsonDict = dict[str, Any]


def _drop_none(values: JsonDict) -> JsonDict:
    return {key: value for key, value in values.items() if value is not None}


def kode_to_json(kode: Kode) -> JsonDict:
    """A :class:`Kode` as JSON."""
    return _drop_none({"system": kode.system, "kode": kode.kode, "tekst": kode.tekst,
                       "version": kode.version})


def kode_from_json(raw: JsonDict) -> Kode:
    """A :class:`Kode` from JSON."""
    return Kode(system=str(raw["system"]), kode=str(raw["kode"]), tekst=raw.get("tekst"),
                version=raw.get("version"))


def hjemmel_to_json(hjemmel: Hjemmel) -> JsonDict:
    """A :class:`Hjemmel` as JSON."""
    return _drop_none({"lov": hjemmel.lov, "paragraf": hjemmel.paragraf, "stk": hjemmel.stk,
                       "tekst": hjemmel.tekst})


def hjemmel_from_json(raw: JsonDict) -> Hjemmel:
    """A :class:`Hjemmel` from JSON."""
    return Hjemmel(lov=str(raw["lov"]), paragraf=str(raw["paragraf"]), stk=raw.get("stk"),
                   tekst=raw.get("tekst"))


def myndighed_to_json(ref: MyndighedRef) -> JsonDict:
    """A :class:`MyndighedRef` as JSON."""
    return _drop_none({"cvr": ref.cvr, "orgEnhed": ref.org_enhed,
                       "sektor": None if ref.sektor is None else ref.sektor.value})


def myndighed_from_json(raw: JsonDict) -> MyndighedRef:
    """A :class:`MyndighedRef` from JSON."""
    sektor = raw.get("sektor")
    return MyndighedRef(cvr=str(raw["cvr"]), org_enhed=raw.get("orgEnhed"),
                        sektor=None if sektor is None else Sektor(sektor))


def actor_to_json(actor: Actor) -> JsonDict:
    """An :class:`Actor` as JSON."""
    return _drop_none({"kind": actor.kind.value, "id": actor.id, "cvr": actor.cvr})


def actor_from_json(raw: JsonDict) -> Actor:
    """An :class:`Actor` from JSON."""
    return Actor(kind=ActorKind(raw["kind"]), id=str(raw["id"]), cvr=raw.get("cvr"))


def givet_af_to_json(part: GivetAf) -> JsonDict:
    """A :class:`GivetAf` as JSON."""
    return _drop_none({"type": part.type.value, "reference": part.reference})


def givet_af_from_json(raw: JsonDict) -> GivetAf:
    """A :class:`GivetAf` from JSON."""
    return GivetAf(type=PartType(raw["type"]), reference=raw.get("reference"))
