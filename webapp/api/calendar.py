"""API: 节假日安排与工作日计算."""

from __future__ import annotations

from .base import area

blp = area("calendar", "节假日安排与工作日计算")
