"""API: 报表（情况统计表、年度总结、日报等）."""

from __future__ import annotations

from .base import area

blp = area("reports", "报表（情况统计表、年度总结、日报等）")
