"""The standalone verifier (domain/draw_verify.py): runs alone, agrees with sampling.py."""

from __future__ import annotations

import ast
import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from domain import draw_records as R, draw_verify
from domain import sampling as S
from tests.unit.test_sampling import build_vectors, load_vectors

ROOT = Path(__file__).resolve().parents[2]
SAMPLING = ROOT / "domain" / "sampling.py"
VERIFIER = ROOT / "domain" / "draw_verify.py"
START = "# ----------------------------------------------------------------------------------"
END = "# ------------------------------- end of shared part -----------------------------------"
STDLIB_ALLOWED = {"__future__", "hashlib", "hmac", "json", "re", "sys", "unicodedata", "datetime", "fractions"}


def shared_part(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END)
    return text[start:end]


def test_the_shared_functions_are_an_exact_copy():
    """draw_verify.py repeats sampling.py's shared part on purpose; the copy must not drift."""
    assert shared_part(VERIFIER) == shared_part(SAMPLING)
    assert len(shared_part(SAMPLING)) > 10_000


@pytest.mark.parametrize("path", [SAMPLING, VERIFIER], ids=["sampling", "draw_verify"])
def test_standard_library_only_no_random_no_floats(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [(node.module or "").split(".")[0]]
            assert node.level == 0, "no relative imports"
        else:
            names = []
        for name in names:
            allowed = STDLIB_ALLOWED - ({"sys"} if path == SAMPLING else set())
            assert name in allowed, f"{path.name} imports {name}"
        assert not (isinstance(node, ast.Constant) and isinstance(node.value, float)), "float literal"
        assert not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)), "true division"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "float", "float() call"
            assert node.func.id not in {"open", "print"} or path == VERIFIER, f"I/O in {path.name}"
        assert not (isinstance(node, ast.Name) and node.id == "random"), "random"


def _run(tmp_path: Path, bundle, *extra: str) -> subprocess.CompletedProcess:
    """Copy the verifier alone into an empty directory and run it isolated (-I)."""
    alone = tmp_path / "alone"
    alone.mkdir(exist_ok=True)
    shutil.copy(VERIFIER, alone / "draw_verify.py")
    path = alone / "bundle.json"
    path.write_text(bundle if isinstance(bundle, str) else json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-I", "draw_verify.py", *extra, "bundle.json"],
        cwd=alone, capture_output=True, text=True, encoding="utf-8", timeout=60,
    )


def test_cli_accepts_the_example_bundle(tmp_path):
    run = _run(tmp_path, load_vectors()["bundle"])
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[0].startswith("抽取结果验证通过")
    assert "27bd701dd77be809e1f05024e297db10b6c235ed5c77fbbf2afeb74b6cfe4509" in run.stdout


def test_cli_names_the_first_discrepancy_in_chinese_and_english(tmp_path):
    bundle = load_vectors()["bundle"]
    bundle["public_value"] = "271829"
    run = _run(tmp_path, bundle)
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines[0] == "抽取结果验证未通过 | draw verification FAILED"
    assert lines[1].startswith("第一处不符 | first discrepancy: 种子不符：重新计算为 ")
    assert "seed mismatch: recomputed" in lines[1]
    assert "--all" in lines[2]
    every = _run(tmp_path, bundle, "--all")
    assert every.returncode == 1 and "类别“key”的完整排序不符" in every.stdout


def test_cli_reports_a_changed_pool(tmp_path):
    bundle = load_vectors()["bundle"]
    bundle["commitment"]["pool"][0]["priority"] = 0
    run = _run(tmp_path, bundle)
    assert run.returncode == 1 and "承诺哈希不符" in run.stdout and "commitment hash mismatch" in run.stdout


def test_cli_voided_note_and_bad_files(tmp_path):
    bundle = load_vectors()["bundle"]
    bundle.update(voided=True, void_reason="见证人缺席")
    run = _run(tmp_path, bundle)
    assert run.returncode == 0 and "已作废" in run.stdout
    assert _run(tmp_path, "{not json").returncode == 2
    assert _run(tmp_path, '{"a": 1, "a": 2}').returncode == 2
    missing = subprocess.run([sys.executable, "-I", str(VERIFIER), str(tmp_path / "nope.json")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "无法读取" in missing.stderr


def test_main_in_process(tmp_path, capsys):
    path = tmp_path / "b.json"
    path.write_text(json.dumps(load_vectors()["bundle"]), encoding="utf-8")
    assert draw_verify.main([str(path)]) == 0
    assert "抽取结果验证通过" in capsys.readouterr().out
    assert draw_verify.main([]) == 2


def _mutations(bundle: dict):
    """(name, mutated bundle) for one change to each kind of recorded input."""
    def change(name, fn):
        mutated = copy.deepcopy(bundle)
        fn(mutated)
        return name, mutated

    yield change("pool id", lambda b: b["commitment"]["pool"][1].update(id="00000000000000000000000000000009"))
    yield change("pool priority", lambda b: b["commitment"]["pool"][0].update(priority=0))
    yield change("quota", lambda b: b["commitment"]["quotas"].update(special=2))
    yield change("rule basis", lambda b: b["commitment"]["rules"]["key"].update(basis="改过"))
    yield change("secret", lambda b: b.update(secret="ff" + b["secret"][2:]))
    yield change("public value", lambda b: b.update(public_value="000000"))
    yield change("public value format", lambda b: b.update(public_value="27182a"))
    yield change("selected", lambda b: b["result"]["strata"]["special"].update(selected=[f"{4:032x}"]))
    yield change("order", lambda b: b["result"]["strata"]["key"]["order"].reverse())
    yield change("shortfall", lambda b: b["result"]["strata"]["key"].update(shortfall=1))
    yield change("seed", lambda b: b["result"].update(seed="00" * 32))
    yield change("officer selected", lambda b: b["officer_draws"][0]["selected"].reverse())
    yield change("officer eligibility", lambda b: b["officer_draws"][1]["candidates"][1].update(eligible=True))
    yield change("officer reason text", lambda b: b["officer_draws"][1]["candidates"][1].update(reasons=["改"]))
    yield change("officer speciality", lambda b: b["officer_draws"][0].update(speciality=None))
    yield change("officer count", lambda b: b["officer_draws"][0].update(count=1))
    yield change("replacement by", lambda b: b["replacements"][0].update(by=None))
    yield change("replacement reason", lambda b: b["replacements"][0].update(reason="另一原因"))
    yield change("replacement dropped", lambda b: b.update(replacements=[]))
    yield change("voided", lambda b: b.update(voided=True))


@pytest.mark.parametrize("name", [name for name, _ in _mutations(build_vectors()["bundle"])])
def test_every_recorded_input_is_checked_and_both_verifiers_agree(name):
    mutated = dict(_mutations(build_vectors()["bundle"]))[name]
    problems = S.verify_bundle(mutated)
    assert problems, f"{name}: verification passed a changed bundle"
    assert draw_verify.verify_bundle(mutated) == problems
    assert all(" | " in problem for problem in problems)


def test_both_verifiers_agree_on_every_vector():
    vectors = load_vectors()
    for vector in vectors["draws"]:
        bundle = R.make_bundle(vector["commitment"], vector["secret"], vector["public_value"], vector["result"])
        assert S.verify_bundle(bundle) == draw_verify.verify_bundle(bundle) == []
        assert draw_verify.draw(vector["commitment"], vector["secret"], vector["public_value"]) == vector["result"]
    assert S.verify_bundle(vectors["bundle"]) == draw_verify.verify_bundle(vectors["bundle"]) == []


def test_refusals_agree():
    doc = build_vectors()["draws"][0]["commitment"]
    for module in (S, draw_verify):
        with pytest.raises(module.DrawInputError) as info:
            module.draw(doc, bytes(range(32)), "abc")
        assert str(info.value).startswith("公开随机数“abc”不符合")
