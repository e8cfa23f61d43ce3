"""API: 用户账号（系统管理员）."""

from __future__ import annotations

from .base import area

blp = area("users", "用户账号（系统管理员）")
