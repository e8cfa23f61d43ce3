"""Configuration: defaults that are safe, then the environment, then a test config."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


def secret_key(var_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def defaults(var_dir: Path) -> dict:
    return {
        "SECRET_KEY": secret_key(var_dir),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Behind TLS in production; the embedded default serves plain HTTP on localhost.
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "false").lower() == "true",
        "REMEMBER_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "false").lower() == "true",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),  # one working day, not Flask's 31 days
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,  # uploads: the import limit (20 MB)
        # An inspector's form stays open through a site visit: 8 h instead of 1 h.
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "BABEL_DEFAULT_LOCALE": "zh",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": ["zh", "en"],
        "PAGE_SIZE": 50,
        "READ_YOUR_WRITES_TIMEOUT": 5.0,
        "EMBEDDED_PROJECTOR": True,  # run the projector in a thread of this process
        # embedded default: sign a ledger checkpoint this often when something was written (0: never)
        "LEDGER_CHECKPOINT_SECONDS": int(os.environ.get("LEDGER_CHECKPOINT_SECONDS", "3600")),
        # an import of more rows than this runs as a background job, with a progress page
        "IMPORT_IN_REQUEST_ROWS": int(os.environ.get("IMPORT_IN_REQUEST_ROWS", "2000")),
    }
