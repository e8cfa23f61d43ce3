"""API: 抽查计划、抽取与核验."""

from __future__ import annotations

from .base import area

blp = area("plans", "抽查计划、抽取与核验")
