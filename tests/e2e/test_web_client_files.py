"""The reference web client is served at /app, ships in the package, and serves nothing else."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from tests.e2e.conftest import Api

ROOT = Path(__file__).resolve().parents[2]


async def test_the_page_and_its_modules_are_served(api: Api) -> None:
    page = await api.client.get("/app")
    assert page.status_code == 200
    assert '<script type="module" src="/app/app.js">' in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    script = await api.client.get("/app/app.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]


async def test_python_files_beside_the_assets_are_not_served(api: Api) -> None:
    assert (await api.client.get("/app/__init__.py")).status_code == 404
    assert (await api.client.get("/app/../main.py")).status_code == 404


def test_every_asset_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["dealbooks.web"]
    assets = [p.name for p in (ROOT / "src" / "web").iterdir() if p.suffix != ".py" and p.is_file()]
    assert assets
    assert all(any(fnmatch(name, pattern) for pattern in patterns) for name in assets)


def test_ledger_columns_say_the_figures_are_net_of_tax() -> None:
    # every LineLedger figure is net of tax (README, DESIGN 2): no column may claim otherwise
    table = (ROOT / "src" / "web" / "products_table.js").read_text(encoding="utf-8")
    for column in ("Invoiced", "Deposit invoiced", "Paid", "Credited"):
        assert f'"{column} (ex tax)"' in table
    assert "incl. tax" not in table


async def test_no_served_script_takes_a_token_from_the_address(api: Api) -> None:
    page = await api.client.get("/app?token=dbk_crafted")
    scripts = [p.name for p in (ROOT / "src" / "web").glob("*.js")]
    served = [(await api.client.get(f"/app/{name}")).text for name in scripts]
    assert "dbk_crafted" not in page.text  # the page never echoes it
    assert all('searchParams.get("token")' not in text for text in served)
    assert all(
        "signIn(" not in text
        for name, text in zip(scripts, served, strict=True)
        if name != "app.js" and name != "api.js"
    )
