"""Run the real `shuangsui` console script against a var folder, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("shuangsui")


def run(var_dir: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DB_SCHEMA", "REDIS_URL")}
    env["SHUANGSUI_VAR"] = str(var_dir)
    return subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=timeout)
