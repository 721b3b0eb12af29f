"""GraphiQL works offline: its page names no external host and its assets come from us."""

from __future__ import annotations

import re

import httpx
from starlette.applications import Starlette

from server.app import create_app
from server.settings import Settings
from tests.api.conftest import started_client

ASSET = re.compile(r'(?:src|href)="([^"]+)"')


async def test_graphiql_html_references_no_external_host_and_its_assets_are_served(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/graphql", headers={"accept": "text/html"})

    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert not re.search(r"https?://", page.text), (
        "the page must not load anything from the internet"
    )
    assets = [a for a in ASSET.findall(page.text) if not a.startswith("data:")]
    assert {a.rsplit("/", 1)[-1] for a in assets} == {
        "react.production.min.js",
        "react-dom.production.min.js",
        "graphiql.min.js",
        "graphiql.min.css",
        "plugin-explorer.umd.js",
        "plugin-explorer.css",
    }
    for asset in assets:
        served = await client.get(httpx.URL("http://test/graphql").join(asset))
        assert served.status_code == 200, asset
        assert len(served.content) > 500, asset
        if asset.endswith(".js"):
            assert "javascript" in served.headers["content-type"], asset


async def test_graphiql_and_its_assets_are_off_when_graphiql_is_off(settings: Settings) -> None:
    app: Starlette = create_app(settings.model_copy(update={"graphiql": False}))
    async with started_client(app) as http:
        assert (await http.get("/graphiql/graphiql.min.js")).status_code == 404
        page = await http.get("/graphql", headers={"accept": "text/html"})
        assert "graphiql.min.js" not in page.text
