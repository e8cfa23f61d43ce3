"""API: 后台任务（导入、导出）."""

from __future__ import annotations

from .base import area

blp = area("jobs", "后台任务（导入、导出）")
