"""API: 问题台账（闭环）."""

from __future__ import annotations

from .base import area

blp = area("problems", "问题台账（闭环）")
