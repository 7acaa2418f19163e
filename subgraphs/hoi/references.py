"""The sector types as hoi sees them: references (``id`` only, ``resolvable: false``).

hoi lists a citizen's objects across sectors but owns none of them: each list item is a
reference the gateway completes from the owning sector subgraph by ``_entities``. The
interfaces here have the same names and nesting as the sector subgraphs' (only ``id``);
composition merges them with the full definitions.
"""

from __future__ import annotations

import uuid

import strawberry
from strawberry.federation.schema_directives import Key

__all__ = ["REFERENCE_TYPES", "AdgangsStyret", "Aftale", "Indsats", "Maal", "Plan", "Sag",
           "TidslinjeElement", "Tilstand", "reference_for"]

_REF = [Key(fields="id", resolvable=False)]


@strawberry.interface
class AdgangsStyret:
    id: uuid.UUID


@strawberry.interface
class TidslinjeElement(AdgangsStyret):
    pass


@strawberry.interface
class Sag(TidslinjeElement):
    pass


@strawberry.interface
class Indsats(TidslinjeElement):
    pass


@strawberry.interface
class Tilstand(TidslinjeElement):
    pass


@strawberry.interface
class Maal(TidslinjeElement):
    pass


@strawberry.interface
class Aftale(TidslinjeElement):
    pass


@strawberry.interface
class Plan(TidslinjeElement):
    pass


@strawberry.federation.type(keys=_REF)
class BeskaeftigelsesSag(Sag):
    pass


@strawberry.federation.type(keys=_REF)
class BeskaeftigelsesIndsats(Indsats):
    pass


@strawberry.federation.type(keys=_REF)
class BeskaeftigelsesMaal(Maal):
    pass


@strawberry.federation.type(keys=_REF)
class BeskaeftigelsesAftale(Aftale):
    pass


@strawberry.federation.type(keys=_REF)
class MinPlan(Plan):
    pass


@strawberry.federation.type(keys=_REF)
class SocialSag(Sag):
    pass


@strawberry.federation.type(keys=_REF)
class SocialIndsats(Indsats):
    pass


@strawberry.federation.type(keys=_REF)
class SocialTilstand(Tilstand):
    pass


@strawberry.federation.type(keys=_REF)
class SocialMaal(Maal):
    pass


@strawberry.federation.type(keys=_REF)
class UddannelsesSag(Sag):
    pass


@strawberry.federation.type(keys=_REF)
class UddannelsesHaendelse(TidslinjeElement):
    pass


@strawberry.federation.type(keys=_REF)
class UddannelsesMaal(Maal):
    pass


@strawberry.federation.type(keys=_REF)
class Uddannelsesplan(Plan):
    pass


@strawberry.federation.type(keys=_REF)
class Uddannelsespaalaeg(Plan):
    pass


@strawberry.federation.type(keys=_REF)
class SundhedsSag(Sag):
    pass


@strawberry.federation.type(keys=_REF)
class SundhedsIndsats(Indsats):
    pass


@strawberry.federation.type(keys=_REF)
class SundhedsAftale(Aftale):
    pass


@strawberry.federation.type(keys=_REF)
class SygeplejeTilstand(Tilstand):
    pass


REFERENCE_TYPES: dict[str, type[TidslinjeElement]] = {cls.__name__: cls for cls in (
    BeskaeftigelsesSag, BeskaeftigelsesIndsats, BeskaeftigelsesMaal, BeskaeftigelsesAftale,
    MinPlan, SocialSag, SocialIndsats, SocialTilstand, SocialMaal, UddannelsesSag,
    UddannelsesHaendelse, UddannelsesMaal, Uddannelsesplan, Uddannelsespaalaeg, SundhedsSag,
    SundhedsIndsats, SundhedsAftale, SygeplejeTilstand)}
"""Reference type per sector type name (the sector subgraphs use the same names)."""


def reference_for(sector_object: object) -> TidslinjeElement:
    """The hoi reference to a sector subgraph's object (same type name, same id)."""
    cls = REFERENCE_TYPES[type(sector_object).__name__]
    return cls(id=sector_object.id)  # type: ignore[attr-defined,call-arg]
