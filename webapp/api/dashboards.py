"""API: 首页看板（支队、执法人员、稽查）."""

from __future__ import annotations

from .base import area

blp = area("dashboards", "首页看板（支队、执法人员、稽查）")
