"""API: 账本：检查点与核验."""

from __future__ import annotations

from .base import area

blp = area("ledger", "账本：检查点与核验")
