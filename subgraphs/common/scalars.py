"""Custom scalars of the unified model (DOMAIN §11.1): CPR, CVR and KLE.

Declared through ``StrawberryConfig.scalar_map`` (the non-deprecated way in Strawberry
0.341); every subgraph passes :data:`SCALAR_MAP` so the scalars compose identically.
"""

from __future__ import annotations

import re
from typing import NewType

import strawberry
from strawberry.schema.config import StrawberryConfig

__all__ = ["CPR", "CVR", "KLE", "SCALAR_MAP", "schema_config"]

CPR = NewType("CPR", str)
CVR = NewType("CVR", str)
KLE = NewType("KLE", str)

_CPR = re.compile(r"^\d{6}-?\d{4}$")
_CVR = re.compile(r"^\d{8}$")
_KLE = re.compile(r"^\d{2}(\.\d{2}){0,2}(\.?\*)?$|^\*$")


def _checked(pattern: re.Pattern[str], name: str) -> object:
    def parse(value: object) -> str:
        if not isinstance(value, str) or not pattern.match(value):
            raise ValueError(f"not a valid {name}")
        return value

    return parse


SCALAR_MAP: dict[object, object] = {
    CPR: strawberry.scalar(name="CPR", description="Danish CPR number, 10 digits (validated for "
                           "shape, never modulus 11). Protected: needs the se-cpr privilege.",
                           serialize=str, parse_value=_checked(_CPR, "CPR")),
    CVR: strawberry.scalar(name="CVR", description="Danish CVR number, 8 digits.",
                           serialize=str, parse_value=_checked(_CVR, "CVR")),
    KLE: strawberry.scalar(name="KLE", description='KLE number: "NN", "NN.NN" or "NN.NN.NN".',
                           serialize=str, parse_value=_checked(_KLE, "KLE")),
}
"""Scalar definitions for ``StrawberryConfig(scalar_map=...)``."""


def schema_config() -> StrawberryConfig:
    """The Strawberry configuration every Helhed subgraph uses."""
    return StrawberryConfig(scalar_map=SCALAR_MAP)  # type: ignore[arg-type]
