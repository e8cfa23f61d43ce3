"""Translation catalogs. Message ids are Chinese (the first language); English is a
catalog. `make install` compiles them; this compiles any .po newer than its .mo, so an
app started from a plain `pip install` is never left without its second language."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def ensure_compiled(directory: Path) -> None:
    for po_path in directory.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            with po_path.open("rb") as po:
                catalog = read_po(po)
            with mo_path.open("wb") as mo:
                write_mo(mo, catalog)
        except OSError:  # a read-only install: the build step compiled them already
            pass
