"""API: 提醒与提醒规则."""

from __future__ import annotations

from .base import area

blp = area("notifications", "提醒与提醒规则")
