"""Inspection checklists (十必查 by default) are data: domain/data/checklists.json, or the
file named by SHUANGSUI_CHECKLISTS, so a bureau changes its list without a code change."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

DEFAULT = Path(__file__).with_name("data") / "checklists.json"
RESULTS = {"ok": "符合", "problem": "存在问题", "na": "不适用"}


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def checklists() -> dict:
    return _load(os.environ.get("SHUANGSUI_CHECKLISTS") or str(DEFAULT))


def items(name: str = "十必查") -> list[str]:
    return list(checklists()[name]["items"])
