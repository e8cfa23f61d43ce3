"""API: 状态看板与统计表."""

from __future__ import annotations

from .base import area

blp = area("stats", "状态看板与统计表")
