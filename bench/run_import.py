"""One measured import in its own process, so its peak memory is its own.

Usage: python -m bench.run_import VAR_DIR FILE  → prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from domain.base import Actor
from projections.system import Settings, open_system
from workers.demo.geography import jurisdictions
from workers.imports import import_file


def peak_rss_mb() -> float:
    """This process's own high-water mark (ru_maxrss would include the parent's, across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(var_dir: str, path: str) -> None:
    system = open_system(Settings(var_dir=Path(var_dir)))
    actor = Actor("bench", "admin")
    for j in jurisdictions("province"):
        system.app.register_jurisdiction(actor, f"bench:j:{j['code']}", **j)
    system.projector.catch_up()
    before_mb = peak_rss_mb()
    started = time.perf_counter()
    report = import_file(system, "targets", path, actor, "bench-import", source_name=Path(path).name)
    seconds = time.perf_counter() - started
    peak_mb = peak_rss_mb()
    assert report.ok and report.created == 100_000, report.summary()
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_mb, "rss_before_mb": before_mb,
                      "events": sum(report.events.values())}))
    system.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
