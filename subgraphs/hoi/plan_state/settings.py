"""Configuration of the HOI sag and plan: the HOI KLE (a placeholder), formål codes, write-back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from authz.principal import is_kle_number
from authz.store import Sektor

__all__ = ["DEFAULT_SETTINGS", "PLACEHOLDER_HOI_KLE", "HoiSettings"]

PLACEHOLDER_HOI_KLE = "99.99.99"
"""PLACEHOLDER, not a real KLE emne: no KLE emne for HOI cases is known (DOMAIN §13 q. 2).
Hovedgruppe 99 does not exist in KLE, so no KLE-constrained privilege covers it by accident;
set the real emne with ``HoiSettings(kle=...)`` (``--hoi-kle`` on the subgraph) once known."""

HOI_SYSTEM_UUID = str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:helhed:hoi"))
"""``Kilde.itSystemUuid`` of everything the HOI state holds (Helhed is the master of it)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class HoiSettings:
    """What the HOI rules take from configuration (DOMAIN §10: rules as configuration)."""

    kle: str = PLACEHOLDER_HOI_KLE
    """The KLE number every HOI object carries (see :data:`PLACEHOLDER_HOI_KLE`)."""
    formaal_system: str = "urn:helhed:formaal"
    """The code system of a samtykke's formål."""
    formaal_koder: frozenset[str] = frozenset({"HOI"})
    """Formål codes that make a samtykke a HOI samtykke (rule H1)."""
    tilbageskriv_sektorer: frozenset[Sektor] = field(
        default_factory=lambda: frozenset({Sektor.BESKAEFTIGELSE}))
    """Sectors whose system takes plan items back (Min Plan via DFDG); an item with such a
    ``fagomraade`` is queued for write-back when it is added or changed."""
    system_navn: str = "Helhed HOI"
    """``Kilde.systemNavn`` of HOI objects."""
    system_uuid: str = HOI_SYSTEM_UUID
    """``Kilde.itSystemUuid`` of HOI objects."""

    def __post_init__(self) -> None:
        if not is_kle_number(self.kle):
            raise ValueError("the HOI KLE must be a KLE number (NN, NN.NN or NN.NN.NN)")
        if not self.formaal_koder:
            raise ValueError("at least one HOI formål code is needed")


DEFAULT_SETTINGS = HoiSettings()
"""The settings used when none are given."""
