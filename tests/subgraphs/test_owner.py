"""``Ejet[Borger]``: every sector object resolves as its own entity and points at its Borger.

In-process, with a stub object loader: the inherited ``resolve_reference`` must be bound to
the concrete type (Strawberry looks it up on that class), and ``borger`` must build the
subgraph's own ``Borger``.
"""

from __future__ import annotations

import importlib
import uuid
from types import SimpleNamespace
from typing import Any

import pytest

from subgraphs.common.owner import Ejet

_SECTORS = ("beskaeftigelse", "social", "sundhed", "uddannelse")
_PERSON = "7c3d5a8e-0d63-4a57-9d0e-1f1b2c3d4e5f"


def _owned_types(sector: str) -> tuple[Any, list[type[Any]]]:
    module = importlib.import_module(f"subgraphs.{sector}.schema")
    types = [getattr(module, name) for name in module.__all__]
    return module.Borger, [t for t in types if isinstance(t, type) and issubclass(t, Ejet)]


def _info(found: object = None, person_id: str | None = _PERSON) -> Any:
    async def load_object(_id: str) -> object:
        return found

    async def load_person(_cpr: str) -> str | None:
        return person_id

    loaders = SimpleNamespace(object_by_id=SimpleNamespace(load=load_object),
                              person_id_by_cpr=SimpleNamespace(load=load_person))
    return SimpleNamespace(context=SimpleNamespace(loaders=loaders))


@pytest.mark.parametrize("sector", _SECTORS)
async def test_each_object_type_resolves_only_its_own_objects(sector: str) -> None:
    _borger, owned = _owned_types(sector)
    assert len(owned) >= 4
    for cls in owned:
        mine = cls.__new__(cls)
        assert await cls.resolve_reference(_info(mine), str(uuid.uuid4())) is mine
        other = next(o for o in owned if o is not cls)
        stranger = other.__new__(other)
        assert await cls.resolve_reference(_info(stranger), str(uuid.uuid4())) is None


@pytest.mark.parametrize("sector", _SECTORS)
async def test_borger_is_the_subgraphs_own_borger(sector: str) -> None:
    borger_type, owned = _owned_types(sector)
    for cls in owned:
        obj = cls.__new__(cls)
        obj.cpr = "0101011234"
        borger = await cls.borger(obj, _info())
        assert type(borger) is borger_type
        assert borger.id == uuid.UUID(_PERSON)
        assert await cls.borger(obj, _info(person_id=None)) is None
