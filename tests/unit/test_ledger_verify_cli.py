"""The standalone ledger verifier as a reviewer runs it: the file copied alone, standard
library only, its exit codes and messages."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from domain import ledger_verify as L
from tests.support.ledger_bundles import ATTACKER, KEYS, VECTORS, VERIFIER, V, entry, partial, store

def test_standard_library_only():
    tree = ast.parse(VERIFIER.read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    imported = {alias.name.split(".")[0] for node in nodes if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in nodes if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "argparse", "base64", "binascii", "hashlib", "json", "re", "sys", "uuid",
                        "dataclasses", "datetime"}


def run(tmp_path: Path, bundle, *args: str) -> subprocess.CompletedProcess:
    """The verifier copied alone into an empty directory, run isolated (-I)."""
    alone = tmp_path / "alone"
    alone.mkdir(exist_ok=True)
    shutil.copy(VERIFIER, alone / "ledger_verify.py")
    (alone / "bundle.json").write_text(bundle if isinstance(bundle, str) else json.dumps(bundle, ensure_ascii=False),
                                       encoding="utf-8")
    return subprocess.run([sys.executable, "-I", "ledger_verify.py", "bundle.json", *args], cwd=alone,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_cli_intact(tmp_path):
    done = run(tmp_path, store(), "--key", KEYS[0].hex(), "--key", KEYS[1].hex(),
               "--checkpoint", f"5:{entry(store(), 5)['chain_hash']}")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "账本验证通过 | ledger verified"
    assert "条目 | entries: 8（位置 | positions 1..10）" in done.stdout
    assert "披露的流 | disclosed streams: 3（problem 1，target 1，task 1）" in done.stdout
    assert "已验证的签名检查点 | signed checkpoints verified: 2" in done.stdout
    assert all(f"{k['key_id']}  签署 1 个检查点" in done.stdout for k in VECTORS["keys"])
    assert "可信检查点相符 | trusted checkpoint holds: 5:" in done.stdout and "提示" not in done.stdout
    alone = run(tmp_path, partial())
    assert alone.returncode == 0 and "提示：未给出 --key 或 --checkpoint" in alone.stdout


def test_cli_names_the_first_broken_place(tmp_path):
    bundle = store()
    del bundle["entries"][5]  # position 7
    bundle["checkpoints"][0]["signature"] = "00" * 64
    done = run(tmp_path, bundle)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "账本验证未通过 | ledger verification FAILED"
    assert lines[1].startswith("第一处问题 | first problem: 位置 5：检查点（2022-04-12T06:00:00+00:00）的签名无效")
    assert "--all" in lines[2]
    every = run(tmp_path, bundle, "--all")
    assert every.returncode == 1 and f"位置 9（流 {V.UNIT[:8]}…，第 2 版）：链哈希断裂" in every.stdout
    wrong = run(tmp_path, store(), "--checkpoint", f"10:{'ab' * 32}")
    assert wrong.returncode == 1 and "与您保存的检查点不符" in wrong.stdout
    stranger = run(tmp_path, store(), "--key", V.public_key(ATTACKER).hex())
    assert stranger.returncode == 1 and "不是可信密钥" in stranger.stdout


@pytest.mark.parametrize("content, args", [
    ("{not json", ()), ('{"a": 1, "a": 2}', ()), ('{"format": "shuangsui-draw/1"}', ()),
    (None, ("--checkpoint", "5")), (None, ("--key", "abc")), (None, ("--frobnicate",)),
], ids=["not-json", "duplicate-keys", "other-format", "bad-checkpoint", "bad-key", "unknown-option"])
def test_cli_unreadable_or_wrong_format_is_exit_2(tmp_path, content, args):
    done = run(tmp_path, store() if content is None else content, *args)
    assert done.returncode == 2 and done.stdout == "" and " | " in done.stderr


def test_main_in_process(tmp_path, capsys):
    path = tmp_path / "b.json"
    path.write_text(json.dumps(store()), encoding="utf-8")
    assert L.main([str(path)]) == 0 and "账本验证通过" in capsys.readouterr().out
    assert L.main([str(tmp_path / "missing.json")]) == 2 and "无法读取文件包" in capsys.readouterr().err
    assert L.main([]) == 2
