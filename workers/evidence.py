"""Evidence files, stored under their SHA-256 (content-addressed) below var/evidence/: the
event records the hash, size, type and time, so a file can never be swapped afterwards."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

from domain.base import DomainError

MAX_BYTES = 20 * 1024 * 1024
# What brigades upload: photos, scans, monitoring exports. Recognised by their first bytes,
# not by the name the phone gave the file.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
)
TEXT_TYPES = {".csv": "text/csv", ".txt": "text/plain"}


def sniff(data: bytes, name: str) -> str:
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_TYPES:
        try:
            data[:4096].decode("utf-8")
            return TEXT_TYPES[suffix]
        except UnicodeDecodeError:
            pass
    raise DomainError("证据文件类型不支持：仅限 JPG、PNG、PDF、XLSX、CSV、TXT")


def store(var_dir: Path, data: bytes, name: str) -> dict:
    if not data:
        raise DomainError("证据文件是空的")
    if len(data) > MAX_BYTES:
        raise DomainError(f"证据文件超过{MAX_BYTES // (1024 * 1024)}MB上限")
    kind = sniff(data, name)
    digest = hashlib.sha256(data).hexdigest()
    path = var_dir / "evidence" / digest[:2] / digest
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(path)  # atomic: a half-written file never carries the hash's name
    return {"sha256": digest, "size": len(data), "type": kind, "name": Path(name).name[:120],
            "uploaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def open_evidence(var_dir: Path, sha256: str) -> Path:
    """The stored file, checked against its hash before anyone is shown it."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise DomainError("证据编号格式不正确")
    path = var_dir / "evidence" / sha256[:2] / sha256
    if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        raise DomainError("证据文件缺失或已被改动")
    return path
