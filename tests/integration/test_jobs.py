"""Background jobs through the real runner, in both places they run: the embedded default (a
real thread pool and dispatcher in this process, workers.jobs.embedded.Background) and real
Redis with a real `shuangsui worker --burst` process on the same var/ folder.

A 5,000-row directory file is imported with progress a user can watch and ends with its rows
written in one go; a file with bad rows ends failed, with its errors as an .xlsx with a 错误说明
column, and writes nothing; a failed job retried runs again; an export's file is whole."""

from __future__ import annotations

import functools
import threading
import time
from pathlib import Path
from uuid import UUID

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from domain.base import Actor
from domain.jobs import Job
from domain.organisation import Jurisdiction
from projections.job_tables import job_progress, jobs
from projections.tables import targets
from workers.demo.synthetic import population
from workers.jobs.progress import Progress
from workers.jobs.schedule import EVERY
from workers.jobs.service import request_job

SUPERVISOR = Actor("zhidui", "supervisor")
HEADERS = ["统一社会信用代码", "单位名称", "厂区名称", "所在辖区", "详细地址", "行业类别", "监管类别", "类别年度",
           "类别依据", "特殊监管原因", "参与双随机", "不参与原因", "不参与说明", "正面清单", "排污许可证编号"]
CATEGORY = {"key": "重点", "special": "特殊", "general": "一般"}
REASON = {"relocated": "搬迁", "suspended": "长期停产", "closed": "破产注销", "other": "其他"}


# -- shared with tests/e2e/test_job_pages.py ---------------------------------------------------------
@functools.lru_cache(maxsize=1)
def province():
    return population("province")


def register_places(system, actor: Actor = SUPERVISOR) -> None:
    """Every jurisdiction of the province-scale population (those already there are kept)."""
    for j in province()["jurisdictions"]:
        if not system.app.exists(Jurisdiction.create_id(code=j["code"])):
            system.app.register_jurisdiction(actor, f"j:{j['code']}", **j)


def units_file(path: Path, rows: int = 5000, spoil: dict[int, dict[str, object]] | None = None) -> list[dict]:
    """A 检查对象名录库 file of `rows` units; `spoil` {data row index: {column: value}} breaks some."""
    units = province()["targets"][:rows]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("检查对象名录库")
    sheet.append(HEADERS)
    for n, t in enumerate(units):
        line = dict(zip(HEADERS, [t["credit_code"], t["name"], t["site"], t["jurisdiction"], t["address"],
                                  t["industry"], CATEGORY[t["category"]], t["category_year"], t["category_basis"],
                                  "、".join(t["special_criteria"]), "否" if t["excluded"] else "是",
                                  REASON.get(t["exclusion_reason"], ""), t["exclusion_note"],
                                  "是" if t["positive_list"] else "否", t["permit_no"]]))
        line.update((spoil or {}).get(n, {}))
        sheet.append([line[h] for h in HEADERS])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return units


def upload(system, name: str, **kwargs) -> str:
    """The file where the import page keeps uploads (var/uploads/), as the job's `path`."""
    units_file(Path(system.settings.var_dir) / "uploads" / name, **kwargs)
    return f"uploads/{name}"


def quiet() -> dict[str, float]:
    return {name: 0.0 for name in EVERY}  # no periodic work in these tests: jobs only


def wait_ended(system, job_id: str, timeout: float = 120) -> Job:
    deadline = time.monotonic() + timeout
    while True:
        job = system.app.load(Job, UUID(hex=job_id))
        if job.state != "requested":
            system.projector.catch_up()
            return job
        assert time.monotonic() < deadline, f"后台任务 {job_id} 在 {timeout} 秒内未结束"
        time.sleep(0.05)


def progress_of(system, job_id: str) -> dict:
    with system.engine.connect() as conn:
        return dict(conn.execute(select(job_progress).where(job_progress.c.job_id == job_id)).mappings().one())


def count_units(system) -> int:
    system.projector.catch_up()
    with system.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(targets)).scalar()


class Gate:
    """Holds a running job once it has reported `at` rows done, until the test has looked:
    what the test sees then is the job's own progress, written by the runner mid-way."""

    def __init__(self, monkeypatch, at: int) -> None:
        self.reached, self.open = threading.Event(), threading.Event()
        original = Progress.update

        def update(progress, **values):
            original(progress, **values)
            if progress.done >= at and progress.total and not self.reached.is_set():
                original(progress, force=True)
                self.reached.set()
                self.open.wait(60)

        monkeypatch.setattr(Progress, "update", update)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request):
    return request.getfixturevalue("system" if request.param == "sqlite" else "pg_system")


@pytest.fixture
def background(store):
    from workers.jobs.embedded import Background

    system = store
    register_places(system)
    running = Background(system, quiet(), tick=0.05).start()
    yield running
    running.stop()
    running.backend.pool.shutdown(wait=True)


# -- embedded: a real thread pool --------------------------------------------------------------------
def test_a_5000_row_import_shows_its_progress_and_writes_every_row_at_the_end(background, store, monkeypatch):
    system = store
    gate = Gate(monkeypatch, at=1000)
    path = upload(system, "big.upload")
    job_id = request_job(system, SUPERVISOR, "import-1", "import_targets", path=path, name="名录.xlsx").aggregate_id.hex

    assert gate.reached.wait(60), "导入任务应报告进度"
    seen = progress_of(system, job_id)
    assert seen["state"] == "running" and 1000 <= seen["done"] < 5000 and seen["total"] == 5000
    assert seen["started_at"] is not None and "已读取并校验" in seen["message"]
    assert count_units(system) == 0  # checked first, written in one go at the end
    gate.open.set()

    job = wait_ended(system, job_id)
    assert job.state == "finished", job.error
    assert job.result == {"rows": 5000, "new": 5000, "changed": 0, "unchanged": 0, "events": 5000}
    end = progress_of(system, job_id)
    assert (end["state"], end["done"], end["total"], end["errors"]) == ("done", 5000, 5000, 0)
    assert count_units(system) == 5000
    with system.engine.connect() as conn:
        row = conn.execute(select(jobs).where(jobs.c.id == job_id)).mappings().one()
    assert row["state"] == "finished" and row["requested_by"] == "zhidui" and row["result"]["new"] == 5000


def test_bad_rows_fail_the_job_with_an_errors_workbook_and_nothing_written_then_a_retry_runs_again(
        background, store):
    system = store
    path = upload(system, "bad.upload", spoil={9: {"所在辖区": "火星县"}, 4000: {"统一社会信用代码": "123"}})
    before = system.app.recorder.max_notification_id()
    job_id = request_job(system, SUPERVISOR, "import-2", "import_targets", path=path, name="名录.xlsx").aggregate_id.hex

    job = wait_ended(system, job_id)
    assert job.state == "failed"
    assert job.error == "检查对象名录库：共 5000 行，其中 2 行有错误，未写入任何数据。请下载错误清单，改正后重新上传。"
    assert job.result["rows"] == 5000 and job.result["errors"] == 2
    assert [e[:2] for e in job.result["row_errors"]] == [[11, "所在辖区"], [4002, "统一社会信用代码"]]
    assert progress_of(system, job_id)["errors"] == 2
    # Nothing of the file was written: the only events since are the job's own.
    written = system.app.recorder.select_notifications(before, 100, inclusive_of_start=False)
    assert {n.topic.split(":")[1].split(".")[0] for n in written} == {"Job"} and count_units(system) == 0

    sheet = load_workbook(Path(system.settings.var_dir) / job.result["errors_file"]).worksheets[0]
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0] == (*HEADERS, "错误说明")
    assert len(lines) == 3 and lines[1][3] == "火星县" and lines[2][0] == "123"
    assert lines[1][-1] == "第11行 · 所在辖区 · 辖区“火星县”不在辖区名录中"
    assert lines[2][-1].startswith("第4002行 · 统一社会信用代码 · ")

    # The user corrects the file and retries: the same job runs again, and this time it is written.
    units_file(Path(system.settings.var_dir) / path)
    system.app.command(Job, UUID(hex=job_id), "retry", SUPERVISOR, "retry-1", reason="已改正文件")
    job = wait_ended(system, job_id)
    assert job.state == "finished" and job.attempts == 2 and job.result["new"] == 5000
    assert progress_of(system, job_id)["attempt"] == 2 and count_units(system) == 5000


def test_exports_write_whole_files_under_var_jobs(background, store):
    system = store
    upload(system, "units.upload", rows=300)
    job_id = request_job(system, SUPERVISOR, "import-3", "import_targets", path="uploads/units.upload",
                         name="名录.xlsx").aggregate_id.hex
    assert wait_ended(system, job_id).state == "finished"

    stats = request_job(system, SUPERVISOR, "export-1", "export_statistics", period="2026Q3",
                        jurisdiction="652300").aggregate_id.hex
    bundle = request_job(system, SUPERVISOR, "export-2", "export_ledger_bundle", scope="whole").aggregate_id.hex
    done = wait_ended(system, stats)
    assert done.state == "finished", done.error
    assert done.result["file"] == f"jobs/{stats}.xlsx" and done.result["name"] == "昌吉州双随机一公开情况统计表-2026Q3.xlsx"
    book = load_workbook(Path(system.settings.var_dir) / done.result["file"])
    assert book.sheetnames == ["情况统计表", "执法人员统计"]
    assert "昌吉州" in " ".join(str(c.value) for row in book.worksheets[0].iter_rows(max_row=6) for c in row if c.value)

    done = wait_ended(system, bundle)
    assert done.state == "finished", done.error
    from domain import ledger_verify

    file = Path(system.settings.var_dir) / done.result["file"]
    assert ledger_verify.main([str(file)]) == 0  # the bundle is whole: the standalone verifier accepts it
    assert done.result["rows"] >= 300 and done.result["name"] == "核验文件包_整个事件库.json"
    assert not list(file.parent.glob(".*partial"))


def test_a_bad_parameter_fails_the_job_in_chinese(background, store):
    system = store
    job_id = request_job(system, SUPERVISOR, "export-3", "export_disclosure_table", quarter="2026Q5",
                         jurisdiction="652300").aggregate_id.hex
    job = wait_ended(system, job_id)
    assert job.state == "failed" and job.error == "季度“2026Q5”格式不正确，应写作如 2022Q2"


# -- real Redis and a real rq worker process ------------------------------------------------------------
@pytest.mark.slow
def test_an_rq_worker_process_runs_the_import_and_the_export_with_progress(system, tmp_path):
    from tests.support.processes import app_env, processes, wait_until
    from workers.jobs.backends import RQBackend
    from workers.jobs.dispatch import Dispatcher

    register_places(system)
    good = request_job(system, SUPERVISOR, "rq-1", "import_targets", path=upload(system, "rq.upload"),
                       name="名录.xlsx").aggregate_id.hex
    bad = request_job(system, SUPERVISOR, "rq-2", "import_targets",
                      path=upload(system, "rq-bad.upload", rows=50, spoil={3: {"监管类别": "超级重点"}}),
                      name="坏名录.xlsx").aggregate_id.hex
    with processes(tmp_path / "procs") as running:
        redis = running.redis()
        backend = RQBackend(redis.url)
        assert Dispatcher(system, backend).run_once() == 2
        assert backend.queue.count == 2 and progress_of(system, good)["state"] == "queued"
        worker = running.worker(app_env(system, redis.url), burst=True)
        states = set()
        while worker.alive():
            states.add(progress_of(system, good)["state"])
            time.sleep(0.05)
        assert worker.wait(5) == 0, running.logs()
        job = wait_until(lambda: (j := system.app.load(Job, UUID(hex=good))).state != "requested" and j, 10, "导入结束")
        assert job.state == "finished", running.logs()
        assert job.result["new"] == 5000 and "running" in states
        end = progress_of(system, good)
        assert (end["state"], end["done"], end["total"]) == ("done", 5000, 5000)
        assert count_units(system) == 5000

        failed = system.app.load(Job, UUID(hex=bad))
        assert failed.state == "failed" and failed.result["errors"] == 1
        assert (Path(system.settings.var_dir) / failed.result["errors_file"]).is_file()
        backend.close()


# -- the CLI: embedded, no web process, so `shuangsui jobs …` runs the job itself ----------------------
def test_the_cli_asks_for_a_job_runs_it_here_and_watches_it_to_its_end(app, system, tmp_path):
    from webapp.cli_jobs import jobs_group

    register_places(system)
    cli = app.test_cli_runner()
    units_file(tmp_path / "名录.xlsx", rows=300)
    done = cli.invoke(jobs_group, ["import", "targets", str(tmp_path / "名录.xlsx")])
    assert done.exit_code == 0, done.output
    assert "已完成：共 300 行，新增 300，变更 0，未变 0" in done.output and count_units(system) == 300

    units_file(tmp_path / "坏.xlsx", rows=20, spoil={2: {"监管类别": "超级重点"}})
    bad = cli.invoke(jobs_group, ["import", "targets", str(tmp_path / "坏.xlsx")])
    assert bad.exit_code == 1 and "失败：检查对象名录库：共 20 行，其中 1 行有错误" in bad.output
    assert "第4行 · 监管类别" in bad.output and "-errors.xlsx" in bad.output
    job_id = bad.output.split("已提交后台任务 ")[1][:32]

    again = cli.invoke(jobs_group, ["retry", job_id[:8], "--reason", "再试一次"])
    assert again.exit_code == 1 and system.app.load(Job, UUID(hex=job_id)).attempts == 2  # ran again, same file

    out = tmp_path / "统计.xlsx"
    export = cli.invoke(jobs_group, ["export", "statistics", "--period", "2026Q3", "--jurisdiction", "昌吉州",
                                     "-o", str(out)])
    assert export.exit_code == 0, export.output
    assert load_workbook(out).sheetnames == ["情况统计表", "执法人员统计"]
    listing = cli.invoke(jobs_group, ["list"])
    assert "导出情况统计表  已完成  cli" in listing.output and "导入检查对象名录  失败  cli" in listing.output
    assert cli.invoke(jobs_group, ["watch", job_id]).exit_code == 1
