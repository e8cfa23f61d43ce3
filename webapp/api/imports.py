"""API: 名录导入."""

from __future__ import annotations

from .base import area

blp = area("imports", "名录导入")
