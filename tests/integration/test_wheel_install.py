"""Installs like a library: the wheel, in a fresh virtualenv, migrates and serves.

Builds the wheel from this checkout, installs it (not editable) into a new venv under
tmp_path, then runs the installed `dealbooks` command: `serve` on an empty database refuses
and says to migrate, `migrate` and `demo-data` work from the packaged migrations, and `serve`
answers /healthz. Slow (a venv and its packages), so it runs once, in CI too.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def _run(*cmd: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_healthy(url: str, server: subprocess.Popen[str]) -> httpx.Response:
    for _ in range(300):
        assert server.poll() is None, "the installed server exited early"
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def test_the_wheel_migrates_and_serves_from_a_fresh_venv(tmp_path: Path) -> None:
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path, ROOT, cwd=ROOT)
    (wheel,) = tmp_path.glob("dealbooks-*.whl")
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    _run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    dealbooks = venv / "bin" / "dealbooks"
    # run from an empty folder: nothing may come from the checkout
    work = tmp_path / "elsewhere"
    work.mkdir()
    db_url = f"sqlite+aiosqlite:///{work / 'installed.db'}"
    refused = subprocess.run(
        [dealbooks, "serve", "--database-url", db_url], cwd=work, capture_output=True, text=True
    )
    assert refused.returncode == 1
    assert "run `dealbooks migrate`" in refused.stderr + refused.stdout
    _run(dealbooks, "migrate", "--database-url", db_url, cwd=work)
    assert "admin token" in _run(dealbooks, "demo-data", "--database-url", db_url, cwd=work)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEALBOOKS_")}
    server = subprocess.Popen(
        [dealbooks, "serve", "--database-url", db_url, "--port", str(port)],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        health = _wait_healthy(f"http://127.0.0.1:{port}/healthz", server)
        assert health.status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
