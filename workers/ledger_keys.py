"""The key that signs ledger checkpoints: outside the database, always.

From `SHUANGSUI_LEDGER_KEY` (the 32-byte Ed25519 private seed, hex) when a deployment keeps
it in its secret store; otherwise from the file `SHUANGSUI_LEDGER_KEY_FILE` (default
var/ledger-signing-key.pem), created on first use, readable by its owner only. Rotating
writes a new file, keeps the old one beside it (retired), and records both facts as events;
checkpoints signed with the old key keep verifying, because each names its key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.base import DomainError
from domain.ledger_verify import key_id as key_id_of

RAW = dict(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class SigningKeyFile:
    private: Ed25519PrivateKey
    source: str  # "env" or the file path

    @property
    def public_hex(self) -> str:
        return self.private.public_key().public_bytes(**RAW).hex()

    @property
    def key_id(self) -> str:
        return key_id_of(bytes.fromhex(self.public_hex))

    def sign(self, message: bytes) -> str:
        return self.private.sign(message).hex()


def key_path(var_dir: Path, environ=os.environ) -> Path:
    return Path(environ.get("SHUANGSUI_LEDGER_KEY_FILE") or Path(var_dir) / "ledger-signing-key.pem")


def load_key(var_dir: Path, environ=os.environ) -> SigningKeyFile:
    seed = environ.get("SHUANGSUI_LEDGER_KEY")
    if seed:
        try:
            return SigningKeyFile(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed.strip())), "env")
        except ValueError:
            raise DomainError("环境变量 SHUANGSUI_LEDGER_KEY 须为64位十六进制（Ed25519 私钥种子32字节）") from None
    path = key_path(var_dir, environ)
    if not path.exists():
        _write(path, Ed25519PrivateKey.generate())
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise DomainError(f"签名密钥文件 {path} 不是 Ed25519 私钥")
    return SigningKeyFile(key, str(path))


def rotate_key(var_dir: Path, environ=os.environ) -> tuple[SigningKeyFile, SigningKeyFile]:
    """(old, new): the old file is kept as <name>.<key id>.retired."""
    old = load_key(var_dir, environ)
    if old.source == "env":
        raise DomainError("签名密钥由环境变量 SHUANGSUI_LEDGER_KEY 提供：请在密钥管理处更换后重启，再运行本命令登记新公钥")
    path = Path(old.source)
    path.rename(path.with_name(f"{path.name}.{old.key_id}.retired"))
    _write(path, Ed25519PrivateKey.generate())
    return old, load_key(var_dir, environ)


def _write(path: Path, key: Ed25519PrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
