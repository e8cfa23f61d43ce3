"""`make bench`: import of 100,000 units and a rebuild of all read tables, each printed next
to its baseline measured in the same run (a bare openpyxl read; a bare log scan-and-decode);
`reports`: the official tables as .xlsx next to a bare openpyxl write (bench/reports.py);
`jobs`: background jobs through real Redis and rq workers next to rq's own no-op (bench/jobs.py)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

from projections.system import Settings, open_system

from .readside import scan_and_decode
from .workbook import write_units_file


def bare_read(path: Path) -> float:
    started = time.perf_counter()
    book = load_workbook(path, read_only=True)
    for _row in book.worksheets[0].iter_rows(values_only=True):
        pass
    book.close()
    return time.perf_counter() - started


def main() -> None:
    """`python -m bench` runs everything; `python -m bench import draws readside ledger reports jobs`
    chooses (`--fresh` regenerates the read-side bench's year of work, which the ledger bench reuses)."""
    chosen = {a for a in sys.argv[1:] if not a.startswith("--")} or {"import", "draws", "readside", "ledger",
                                                                      "reports", "jobs"}
    work = Path(tempfile.mkdtemp(prefix="shuangsui-bench-"))
    print(f"机器：{platform.processor() or platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}，"
          f"工作目录 {work}")
    if "import" in chosen:
        import_and_rebuild(work)
    if "draws" in chosen:
        from .draws import run

        run(work)
    if "readside" in chosen:
        from .readside import run

        run(work, fresh="--fresh" in sys.argv)
    if "ledger" in chosen:
        from .ledger import run

        run(work)
    if "reports" in chosen:
        from .reports import run

        run(work)
    if "jobs" in chosen:
        from .jobs import run

        run(work)
    if "load" in chosen:  # only when asked: needs PostgreSQL and ab (`python -m bench load`)
        from .load import run

        run(work, fresh="--fresh" in sys.argv)


def import_and_rebuild(work: Path) -> None:
    path = work / "units-100k.xlsx"
    started = time.perf_counter()
    write_units_file(path)
    print(f"生成 100,000 行监管对象文件：{time.perf_counter() - started:.1f} s，{path.stat().st_size / 1e6:.1f} MB")

    baseline = bare_read(path)
    print(f"[基线] openpyxl 只读遍历：{baseline:.2f} s")
    out = subprocess.run([sys.executable, "-m", "bench.run_import", str(work / "var"), str(path)],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"[导入] 校验并写入 100,000 行：{result['seconds']:.2f} s（基线的 {result['seconds'] / baseline:.2f} 倍，"
          f"目标 ≤ 3 倍）；进程峰值内存 {result['peak_rss_mb']:.0f} MB（导入前 {result['rss_before_mb']:.0f} MB，"
          f"目标 < 300 MB）；事件 {result['events']} 条")

    system = open_system(Settings(var_dir=work / "var"))
    count, scan_seconds = scan_and_decode(system.app)
    print(f"[基线] 事件日志读取并解码：{count} 条，{scan_seconds:.2f} s，{count / scan_seconds:,.0f} 条/s")
    started = time.perf_counter()
    system.projector.batch_size = 2000  # as `shuangsui rebuild` does
    rebuilt = system.projector.rebuild()
    seconds = time.perf_counter() - started
    print(f"[重建] 全部读表：{rebuilt} 条，{seconds:.2f} s，{rebuilt / seconds:,.0f} 条/s"
          f"（基线的 {seconds / scan_seconds:.1f} 倍耗时）")
    system.close()


if __name__ == "__main__":
    main()
