"""Pseudonymised citizen ids for the report: a keyed hash (HMAC-SHA256) with a secret key.

The same key gives the same pseudonym for the same citizen in every report (so reports can be
joined over time); without the key a pseudonym cannot be traced back or recomputed from an
id. The key comes from configuration (a file or an environment variable), never from code,
and is never logged or put in an error.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

__all__ = ["KEY_ENV", "MIN_KEY_BYTES", "Pseudonymiser", "load_key"]

KEY_ENV = "HELHED_HOI_PSEUDONYM_KEY"
"""The environment variable holding the key (when no key file is given)."""
MIN_KEY_BYTES = 16
_CONTEXT = b"helhed:hoi-indberetning:borger:"


class Pseudonymiser:
    """``pseudonym(borger_id)``: 32 hex characters (128 bits of HMAC-SHA256)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"the pseudonymisation key needs at least {MIN_KEY_BYTES} bytes")
        self._key = key

    def __call__(self, borger_id: str) -> str:
        digest = hmac.new(self._key, _CONTEXT + borger_id.lower().encode("ascii"),
                          hashlib.sha256)
        return digest.hexdigest()[:32]

    def __repr__(self) -> str:
        return "Pseudonymiser(<key>)"


def load_key(path: str | Path | None = None) -> bytes | None:
    """The key from a file (its content, surrounding whitespace removed) or from
    ``HELHED_HOI_PSEUDONYM_KEY``; None when neither is set."""
    if path is not None:
        return Path(path).read_bytes().strip()
    value = os.environ.get(KEY_ENV, "").strip()
    return value.encode("utf-8") if value else None
