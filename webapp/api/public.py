"""API: 公开信息（无需登录）."""

from __future__ import annotations

from .base import area

blp = area("public", "公开信息（无需登录）")
