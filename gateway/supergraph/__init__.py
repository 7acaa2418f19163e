"""Supergraph phase: read a supergraph SDL, build the planning model and the API schema."""

from gateway.supergraph.model import FieldInfo, FieldSource, Key, Subgraph, Supergraph, TypeInfo
from gateway.supergraph.parse import parse_field_set, parse_supergraph, read_supergraph_source

__all__ = [
    "Supergraph",
    "Subgraph",
    "TypeInfo",
    "FieldInfo",
    "FieldSource",
    "Key",
    "parse_supergraph",
    "read_supergraph_source",
    "parse_field_set",
]
