"""API: 名录：检查对象（监管对象）与检查人员."""

from __future__ import annotations

from .base import area

blp = area("directory", "名录：检查对象（监管对象）与检查人员")
