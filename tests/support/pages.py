"""What page tests share: the test users' password and the page as a reader sees it."""

from __future__ import annotations

import html
import re

PASSWORD = "Pass-2026"


def text(response) -> str:
    """What a reader sees: the page without tags and scripts, whitespace collapsed."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.text, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
