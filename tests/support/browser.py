"""What the browser tests share: the demo served by the real `shuangsui serve`, and Debian's
Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import subprocess
from typing import Iterator

from tests.support.cli import SCRIPT, run
from tests.support.processes import free_port, wait_for_http

CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def serve_demo(tmp_path_factory, name: str) -> Iterator[str]:
    """The demo loaded into a fresh var folder and served; yields the base address."""
    var = tmp_path_factory.mktemp(name) / "var"
    assert run(var, "demo").returncode == 0
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DB_SCHEMA")}
    env["SHUANGSUI_VAR"] = str(var)
    proc = subprocess.Popen([str(SCRIPT), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_for_http(base)
    yield base
    proc.terminate()
    proc.wait(10)


def chromium(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
