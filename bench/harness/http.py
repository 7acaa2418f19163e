"""Single HTTP requests on loopback for checks and counters (the load itself is wrk's)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

__all__ = ["fetch_token", "get_json", "post"]


def post(url: str, body: bytes, headers: Mapping[str, str], timeout: float = 30.0,
         ) -> tuple[int, bytes]:
    """POST ``body``; the status and response body (error statuses included)."""
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        return int(exc.code), bytes(exc.read())


def get_json(url: str, timeout: float = 10.0) -> Any:
    """GET ``url`` and parse its JSON answer."""
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
        return json.loads(response.read())


def fetch_token(idp_url: str, persona: str) -> str:
    """A bearer token for ``persona`` from the mock identity provider's ``/token``."""
    form = urllib.parse.urlencode({"persona": persona}).encode()
    status, body = post(f"{idp_url}/token", form,
                        {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 200:
        raise RuntimeError(f"the identity provider refused a token for {persona}: {status}")
    return str(json.loads(body)["access_token"])
