"""API: 结果公开（审核、公开、不予公开）."""

from __future__ import annotations

from .base import area

blp = area("disclosure", "结果公开（审核、公开、不予公开）")
