"""The command line as a supervisor uses it: demo data, templates, imports, rebuild."""

import sqlite3

import pytest
from openpyxl import load_workbook

from tests.support.cli import run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_var(tmp_path_factory):
    var = tmp_path_factory.mktemp("cli") / "var"
    first = run(var, "demo")
    assert first.returncode == 0, first.stderr
    assert "检查对象名录库：共3000行，新增3000" in first.stdout
    assert "admin / Admin-2026" in first.stdout
    return var


def head(var) -> int:
    with sqlite3.connect(var / "events.sqlite") as db:
        return db.execute("select max(rowid) from stored_events").fetchone()[0]


def test_demo_twice_changes_nothing(demo_var):
    before = head(demo_var)
    again = run(demo_var, "demo")
    assert again.returncode == 0, again.stderr
    assert "新增0，变更0，未变3000" in again.stdout and "与名录一致，无需变更" in again.stdout
    assert head(demo_var) == before


def test_template_then_import_then_reimport(demo_var, tmp_path):
    path = tmp_path / "targets.xlsx"
    assert run(demo_var, "template", "targets", "-o", str(path)).returncode == 0
    sheet = load_workbook(path).active
    assert "统一社会信用代码" in str([c.value for c in sheet[1]])
    first = run(demo_var, "import", "targets", str(path))
    assert first.returncode == 0, first.stderr
    assert "新增1" in first.stdout and "Registered: 1" in first.stdout
    second = run(demo_var, "import", "targets", str(path))
    assert "新增0，变更0，未变1" in second.stdout


def test_a_bad_file_is_refused_row_by_row_and_nothing_is_written(demo_var, tmp_path):
    path = tmp_path / "bad.xlsx"
    assert run(demo_var, "template", "targets", "-o", str(path)).returncode == 0
    book = load_workbook(path)
    sheet = book.active
    headers = [c.value.rstrip("*") if c.value else c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index("统一社会信用代码") + 1, value="91652301MA77XY0011")
    sheet.cell(row=2, column=headers.index("监管类别") + 1, value="超级重点")
    book.save(path)
    before = head(demo_var)
    result = run(demo_var, "import", "targets", str(path))
    assert result.returncode == 1
    assert "第2行 · 统一社会信用代码" in result.stderr and "第2行 · 监管类别" in result.stderr
    assert "未写入任何数据" in result.stderr
    assert head(demo_var) == before


def test_not_an_excel_file(demo_var, tmp_path):
    path = tmp_path / "units.xlsx"
    path.write_text("统一社会信用代码,单位名称\n", encoding="utf-8")
    result = run(demo_var, "import", "targets", str(path))
    assert result.returncode == 1 and "xlsx" in result.stderr


def test_rebuild_shows_progress_and_keeps_the_tables(demo_var):
    def count(table):
        with sqlite3.connect(demo_var / "read.sqlite") as db:
            return db.execute(f"select count(*) from {table}").fetchone()[0]
    before = (count("targets"), count("inspectors"), count("history"))
    result = run(demo_var, "rebuild")
    assert result.returncode == 0, result.stderr
    assert "重建读表" in result.stdout and "已重建" in result.stdout
    assert (count("targets"), count("inspectors"), count("history")) == before


def test_demo_draws_are_listed_exported_and_verified(demo_var, tmp_path):
    import json

    listed = run(demo_var, "draw", "list")
    assert listed.returncode == 0, listed.stderr
    assert "昌吉州本级2026年第四季度双随机抽查" in listed.stdout and "已抽取" in listed.stdout
    assert "已承诺（待抽取）" in listed.stdout  # 昌吉市 waits for its public value
    plan = next(line.split()[0] for line in listed.stdout.splitlines() if "昌吉州本级" in line)
    bundle = tmp_path / "bundle.json"
    exported = run(demo_var, "draw", "export", plan, "-o", str(bundle))
    assert exported.returncode == 0, exported.stderr
    checked = run(demo_var, "draw", "verify", str(bundle))
    assert checked.returncode == 0 and "抽取结果验证通过" in checked.stdout
    assert "special: 抽中 6/23" in checked.stdout  # Changji's 23 special units at 25 %, rounded up

    data = json.loads(bundle.read_text(encoding="utf-8"))
    data["public_value"] = "406218"  # one digit changed after the fact
    bundle.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tampered = run(demo_var, "draw", "verify", str(bundle))
    assert tampered.returncode == 1 and "第一处不符" in tampered.stdout + tampered.stderr


def test_a_committed_plan_has_no_bundle_yet(demo_var, tmp_path):
    listed = run(demo_var, "draw", "list").stdout
    waiting = next(line.split()[0] for line in listed.splitlines() if "待抽取" in line)
    result = run(demo_var, "draw", "export", waiting, "-o", str(tmp_path / "b.json"))
    assert result.returncode == 1 and "尚未执行抽取" in result.stderr and "Traceback" not in result.stderr


def test_the_worker_runs_against_real_redis(tmp_path, redis_url):
    import os
    import subprocess

    from tests.support.cli import SCRIPT

    env = {**os.environ, "SHUANGSUI_VAR": str(tmp_path / "var"), "REDIS_URL": redis_url}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([str(SCRIPT), "worker", "--burst"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "后台任务进程已启动：队列 shuangsui" in done.stdout
    missing = run(tmp_path / "var2", "worker", "--burst")
    assert missing.returncode == 1 and "未配置 REDIS_URL" in missing.stderr
