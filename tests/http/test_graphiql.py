"""GraphiQL for browsers, and the vendored assets it loads from the gateway."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from gateway.http.graphiql import STATIC_DIR

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ASSETS = [
    "graphiql/graphiql.min.js",
    "graphiql/graphiql.min.css",
    "graphiql/react.production.min.js",
    "graphiql/react-dom.production.min.js",
    "helhed-graphiql.js",
    "helhed-graphiql.css",
]


def test_a_browser_gets_graphiql(client: TestClient) -> None:
    response = client.get("/graphql", headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'data-endpoint="/graphql"' in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "<script>" not in response.text  # no inline script
    for asset in ASSETS:
        assert f"/graphiql/static/{asset}?v=" in response.text


def test_a_browser_with_a_query_gets_json(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": "{ hello }"},
                          headers={"accept": BROWSER_ACCEPT})
    assert response.json() == {"data": {"hello": "hello world"}}


def test_post_from_a_browser_is_graphql(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": "{ hello }"},
                           headers={"accept": BROWSER_ACCEPT})
    assert response.json() == {"data": {"hello": "hello world"}}


@pytest.mark.parametrize("asset", ASSETS)
def test_assets_are_served_with_cache_headers(client: TestClient, asset: str) -> None:
    response = client.get(f"/graphiql/static/{asset}?v=1")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=86400"
    assert response.content == (STATIC_DIR / asset).read_bytes()


def test_the_bundle_is_gzipped_when_asked(client: TestClient) -> None:
    response = client.get(
        "/graphiql/static/graphiql/graphiql.min.js", headers={"accept-encoding": "gzip"}
    )
    assert response.headers["content-encoding"] == "gzip"


def test_unknown_asset_is_404_without_cache(client: TestClient) -> None:
    response = client.get("/graphiql/static/nope.js")
    assert response.status_code == 404
    assert "cache-control" not in response.headers


def test_the_vendored_licences_sit_next_to_the_bundles() -> None:
    for name in ("LICENSE-graphiql", "LICENSE-react", "LICENSE-react-dom", "README.md"):
        assert (STATIC_DIR / "graphiql" / name).is_file()
