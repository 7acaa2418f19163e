"""GraphiQL: the in-browser IDE page and the vendored assets it loads from the gateway.

No CDN is used. React, ReactDOM and GraphiQL's UMD bundle live in ``static/graphiql/``
(versions in the README there) and are served under :data:`STATIC_PATH` with cache headers
and gzip. The page has no inline script, so it can be sent with a strict script policy.
"""

from __future__ import annotations

import html
from pathlib import Path

from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["STATIC_PATH", "STATIC_DIR", "GRAPHIQL_VERSION", "graphiql_page", "static_assets_app"]

STATIC_PATH = "/graphiql/static"
"""Where the assets are mounted."""

STATIC_DIR = Path(__file__).parent / "static"
"""The packaged assets (``graphiql/`` holds the vendored files, the rest is ours)."""

GRAPHIQL_VERSION = "3.8.3"
"""The vendored GraphiQL release; also busts browser caches when it changes."""

CACHE_CONTROL = "public, max-age=86400"
"""Assets are versioned by query string, so a day of caching is safe."""

_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # GraphiQL and its editor set element styles at run time.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Helhed GraphiQL</title>
<link rel="stylesheet" href="{static}/graphiql/graphiql.min.css?v={version}">
<link rel="stylesheet" href="{static}/helhed-graphiql.css?v={version}">
</head>
<body>
<div id="graphiql" data-endpoint="{endpoint}">Loading GraphiQL&hellip;</div>
<script src="{static}/graphiql/react.production.min.js?v={version}"></script>
<script src="{static}/graphiql/react-dom.production.min.js?v={version}"></script>
<script src="{static}/graphiql/graphiql.min.js?v={version}"></script>
<script src="{static}/helhed-graphiql.js?v={version}"></script>
</body>
</html>
"""


def graphiql_page(endpoint_path: str) -> HTMLResponse:
    """Return the GraphiQL page, sending its queries to ``endpoint_path``."""
    content = _PAGE.format(
        static=STATIC_PATH,
        version=GRAPHIQL_VERSION,
        endpoint=html.escape(endpoint_path, quote=True),
    )
    headers = {
        "content-security-policy": _CONTENT_SECURITY_POLICY,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
    }
    return HTMLResponse(content, headers=headers)


class _CacheHeaders:
    """Add ``Cache-Control`` to successful responses of the wrapped app."""

    def __init__(self, app: ASGIApp, cache_control: str) -> None:
        self.app = app
        self.cache_control = cache_control.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_cache(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = [h for h in message.get("headers", ()) if h[0] != b"cache-control"]
                headers.append((b"cache-control", self.cache_control))
                headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cache)


def static_assets_app() -> ASGIApp:
    """The ASGI app serving :data:`STATIC_DIR`: cached, gzip-compressed when asked."""
    files = StaticFiles(directory=STATIC_DIR)
    return GZipMiddleware(_CacheHeaders(files, CACHE_CONTROL), minimum_size=1024)
