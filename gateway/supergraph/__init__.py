"""Supergraph phase: read a supergraph SDL, build the planning model and the API schema."""
