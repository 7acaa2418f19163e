"""Gateway settings: one frozen object, read from ``GATEWAY_*`` variables or filled by the CLI."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Settings", "SettingsError", "parse_labels"]


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names the setting."""


def _parse_float_map(name: str, raw: str) -> dict[str, float]:
    """Parse ``a=1.5,b=2`` into a mapping (used for per-subgraph timeouts)."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        key, sep, value = part.partition("=")
        if not sep:
            raise SettingsError(f"{name}: expected NAME=SECONDS, got {part!r}")
        try:
            out[key.strip()] = float(value)
        except ValueError as exc:
            raise SettingsError(f"{name}: {value!r} is not a number of seconds") from exc
    return out


def _parse_str_map(name: str, raw: str) -> dict[str, str]:
    """Parse ``a=http://x,b=http://y`` into a mapping (used for subgraph URL overrides)."""
    out: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        key, sep, value = part.partition("=")
        if not sep or not value:
            raise SettingsError(f"{name}: expected NAME=URL, got {part!r}")
        out[key.strip()] = value.strip()
    return out


def parse_labels(raw: str) -> frozenset[str]:
    """Parse ``a,percent(10)`` into a set of progressive-override labels."""
    return frozenset(filter(None, (p.strip() for p in raw.split(","))))


def _parse_bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"{name}: {raw!r} is not a boolean")


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything the gateway process can be configured with."""

    supergraph: str = ""
    """Path or http(s) URL of the supergraph SDL."""

    host: str = "127.0.0.1"
    """Interface to listen on; loopback unless told otherwise."""

    port: int = 4000
    """TCP port to listen on."""

    dev_mode: bool = False
    """Development mode: plans may be returned in ``extensions.queryPlan`` on request."""

    subgraph_timeout: float = 10.0
    """Default timeout in seconds for one subgraph request."""

    subgraph_timeouts: Mapping[str, float] = field(default_factory=dict)
    """Per-subgraph timeouts in seconds, overriding ``subgraph_timeout``."""

    subgraph_urls: Mapping[str, str] = field(default_factory=dict)
    """Per-subgraph URL overrides of ``@join__graph(url:)``."""

    max_connections: int = 100
    """Connection pool size of the shared aiohttp session (per host limit too)."""

    max_body_bytes: int = 1_000_000
    """Largest request body accepted."""

    max_depth: int = 32
    """Deepest selection nesting accepted in an operation."""

    max_aliases: int = 200
    """Most aliased fields accepted in an operation."""

    max_root_fields: int = 64
    """Most root fields accepted in an operation."""

    max_tokens: int = 20_000
    """Most lexical tokens accepted in a document."""

    plan_cache_size: int = 512
    """How many query plans are kept."""

    batch_fetches: bool = True
    """Send fetches for one subgraph that are ready together as one HTTP request."""

    auth_issuer: str = ""
    """The identity provider's issuer URL; setting it switches authorization on."""

    auth_audience: str = "helhed-gateway"
    """The audience (``aud``) tokens must be issued for."""

    auth_jwks_url: str = ""
    """The JWKS URL; empty: read from the issuer's OpenID discovery document."""

    auth_leeway: float = 30.0
    """Seconds of clock skew allowed for ``exp``/``nbf``/``iat``."""

    database_url: str = "sqlite:///helhed.db"
    """Where samtykke and the audit log live: ``sqlite:///PATH`` or ``postgresql://...``."""

    access_control: str = "helhed.access:create_access_control"
    """``module:factory`` building the access control when ``auth_issuer`` is set."""

    override_labels: frozenset[str] = frozenset()
    """Progressive-override labels (``@override(label:)``) active for every request.

    ``percent(N)`` labels need not be listed: each request rolls them, active with
    probability N%, as the router does. Listing one makes it always active.
    """

    def timeout_for(self, subgraph: str) -> float:
        """Return the timeout in seconds for requests to ``subgraph``."""
        return self.subgraph_timeouts.get(subgraph, self.subgraph_timeout)

    def replace(self, **changes: object) -> Settings:
        """Return a copy with ``changes`` applied (only known fields)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from ``GATEWAY_*`` variables (``GATEWAY_PORT``, ...)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            raw = env.get("GATEWAY_" + f.name.upper())
            if raw is None:
                continue
            name = "GATEWAY_" + f.name.upper()
            if f.name == "subgraph_timeouts":
                values[f.name] = _parse_float_map(name, raw)
            elif f.name == "subgraph_urls":
                values[f.name] = _parse_str_map(name, raw)
            elif f.name == "override_labels":
                values[f.name] = parse_labels(raw)
            elif f.type in ("bool",):
                values[f.name] = _parse_bool(name, raw)
            elif f.type in ("int",):
                try:
                    values[f.name] = int(raw)
                except ValueError as exc:
                    raise SettingsError(f"{name}: {raw!r} is not an integer") from exc
            elif f.type in ("float",):
                try:
                    values[f.name] = float(raw)
                except ValueError as exc:
                    raise SettingsError(f"{name}: {raw!r} is not a number") from exc
            else:
                values[f.name] = raw
        settings = cls(**values)  # type: ignore[arg-type]
        settings.validate()
        return settings

    def validate(self) -> None:
        """Raise :class:`SettingsError` for values that cannot work."""
        if not 0 <= self.port <= 65535:
            raise SettingsError(f"port: {self.port} is not a TCP port")
        if self.auth_leeway < 0 or self.auth_leeway > 300:
            raise SettingsError("auth_leeway must be between 0 and 300 seconds")
        if not self.database_url.startswith(("sqlite://", "postgresql://", "postgres://",
                                             "postgresql+")):
            raise SettingsError("database_url must be a sqlite:/// or postgresql:// URL")
        if self.subgraph_timeout <= 0 or any(t <= 0 for t in self.subgraph_timeouts.values()):
            raise SettingsError("subgraph timeouts must be positive")
        for name in ("max_connections", "max_body_bytes", "max_depth", "max_aliases",
                     "max_root_fields", "max_tokens", "plan_cache_size"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{name} must be positive")
