"""API: 完整记录、历史与时间回溯."""

from __future__ import annotations

from .base import area

blp = area("records", "完整记录、历史与时间回溯")
