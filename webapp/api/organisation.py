"""API: 辖区与执法单位（大队、检查组）."""

from __future__ import annotations

from .base import area

blp = area("organisation", "辖区与执法单位（大队、检查组）")
