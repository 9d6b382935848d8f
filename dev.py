#!/usr/bin/env python3
"""Set up and run dealbooks with nothing but Python 3.11+: `python3 dev.py demo` or `... test`.

Creates .venv, installs the project with its dev extra (again only when pyproject.toml
changes), then runs the demo server or every check CI runs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
CHROMIUM = Path("/usr/bin/chromium")


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True, env=env)


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 is
        sys.exit("dealbooks needs Python 3.11 or newer")
    if not (BIN / "python").exists():
        run(sys.executable, "-m", "venv", VENV)
    stamp = VENV / ".installed"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    stamp.write_text(digest)


def postgres_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def ensure_postgres() -> bool:
    """Start the local PostgreSQL cluster when it is installed but down."""
    if postgres_up():
        return True
    clusters = Path("/etc/postgresql")
    if shutil.which("pg_ctlcluster") and clusters.is_dir():
        for version in sorted(p.name for p in clusters.iterdir()):
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                check=False,
            )
        for _ in range(30):
            if postgres_up():
                return True
            time.sleep(1)
    return False


def ensure_chromium() -> bool:
    """The browser tests drive Debian's chromium (a browser is never downloaded): install the
    package when it is missing and we may (root with apt-get)."""
    if CHROMIUM.exists():
        return True
    if shutil.which("apt-get") and getattr(os, "geteuid", lambda: -1)() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "chromium"], check=False, env=env)
    return CHROMIUM.exists()


def demo(args: list[str]) -> None:
    ensure_venv()
    os.execv(BIN / "dealbooks", [str(BIN / "dealbooks"), "serve", "--demo", *args])


def test(args: list[str]) -> None:
    ensure_venv()
    env = dict(os.environ)
    if ensure_postgres():
        env.setdefault("DEALBOOKS_TEST_POSTGRES_URL", POSTGRES_URL)
    elif env.get("CI"):
        sys.exit("CI needs PostgreSQL at 127.0.0.1:5432 and could not start it")
    else:
        print("PostgreSQL is not reachable: its tests will be skipped", flush=True)
    if not ensure_chromium():
        if env.get("CI"):
            sys.exit(f"CI needs {CHROMIUM} for the browser tests and could not install it")
        print(f"{CHROMIUM} is missing (apt-get install chromium): browser tests will be skipped")
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "mypy")
    run(BIN / "lint-imports")
    run(BIN / "python", "-m", "pytest", *args, env=env)


if __name__ == "__main__":
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit("usage: python3 dev.py demo [serve options] | test [pytest options]")
    commands[sys.argv[1]](sys.argv[2:])
