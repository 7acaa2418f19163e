"""Ask a running mock identity provider for a persona's token (for ``helhed token PERSONA``)."""

from __future__ import annotations

from typing import Any

import aiohttp
import orjson

__all__ = ["IdpClientError", "fetch_persona_token"]

_JSON_OVERRIDES = frozenset({"extra_privileges", "claims"})


class IdpClientError(RuntimeError):
    """The identity provider refused the request or could not be reached."""


def _form(persona: str, overrides: dict[str, Any]) -> dict[str, str]:
    form = {"grant_type": "client_credentials", "persona": persona}
    for name, value in overrides.items():
        if value is None:
            continue
        if name in _JSON_OVERRIDES:
            form[name] = orjson.dumps(value).decode()
        elif name == "drop_roles" and not isinstance(value, str):
            form[name] = ",".join(value)
        else:
            form[name] = str(value)
    return form


async def fetch_persona_token(idp_url: str, persona: str, *,
                              session: aiohttp.ClientSession | None = None,
                              timeout: float = 10.0, **overrides: Any) -> str:
    """Return a signed token for ``persona`` from the IdP at ``idp_url``.

    ``overrides`` are the token endpoint's optional fields: ``alg`` (``RS256``/``ES256``),
    ``aud``, ``iss``, ``kid``, ``lifetime``, ``exp_offset``, ``nbf_offset``, ``iat_offset``,
    ``drop_roles`` (names), ``extra_privileges`` (list of privilege groups), ``claims`` (dict;
    ``None`` values remove claims).
    """
    url = f"{idp_url.rstrip('/')}/token"
    form = _form(persona, overrides)
    own = session is None
    client = aiohttp.ClientSession() if session is None else session
    try:
        async with client.post(url, data=form,
                               timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            body = await response.read()
            status = response.status
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise IdpClientError(f"identity provider unreachable at {idp_url}") from exc
    finally:
        if own:
            await client.close()
    return _access_token(status, body)


def _access_token(status: int, body: bytes) -> str:
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        document = None
    if not isinstance(document, dict):
        raise IdpClientError(f"identity provider answered {status} without JSON")
    if status != 200 or not isinstance(document.get("access_token"), str):
        reason = document.get("error_description") or document.get("error") or status
        raise IdpClientError(f"token request refused: {reason}")
    return str(document["access_token"])
