"""API: 检查任务."""

from __future__ import annotations

from .base import area

blp = area("tasks", "检查任务")
