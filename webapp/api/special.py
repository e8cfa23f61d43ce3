"""API: 特殊监管联审与纠错."""

from __future__ import annotations

from .base import area

blp = area("special", "特殊监管联审与纠错")
