"""The ledger (issue 6), each figure next to its baseline measured in the same run:

- verification of a whole-store bundle (the standalone verifier: read the JSON, recompute
  every event hash, both chains, the checkpoints' signatures) in events per second, next
  to bare SHA-256 over the same stored bytes;
- what the chain costs the writing of events: events per second written by the
  application (ten per save) alone, and written and chained (the ledger follows the log
  in the projector's batches, so writers never wait for it; the pipeline's rate is what
  a store sustains).

The bundle is the year of work of bench/history_year.py when it exists (the readside
bench makes it), else a fresh store of generated directory events.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from pathlib import Path

from domain import ledger_verify
from domain.base import Actor
from projections.runner import Projector
from projections.system import Settings, open_system
from workers.ledger_export import export_bundle

REVIEWER = Actor("bench", "reviewer")


def verification(system, work: Path) -> None:
    path = work / "store-bundle.json"
    started = time.perf_counter()
    system.read_side_up_to_date()  # chains whatever the store holds that the ledger has not seen
    chained = time.perf_counter() - started
    started = time.perf_counter()
    with path.open("w", encoding="utf-8") as out:
        made = export_bundle(system, REVIEWER, out)
    exported = time.perf_counter() - started
    started = time.perf_counter()
    bundle = json.loads(path.read_text(encoding="utf-8"))
    found = ledger_verify.verify_bundle(bundle)
    verified = time.perf_counter() - started
    states = [base64.b64decode(e["event"]["state"]) for e in bundle["entries"]]
    started = time.perf_counter()
    for state in states:
        hashlib.sha256(state).digest()
    bare = time.perf_counter() - started
    n, size = len(bundle["entries"]), sum(map(len, states))
    print(f"  账本追平（首次为既有事件建链）：{chained:.1f} 秒")
    print(f"  导出整库文件包：{n:,} 条，{path.stat().st_size / 1e6:.0f} MB，{exported:.1f} 秒（{n / exported:,.0f} 条/秒）")
    print(f"  验证：{'通过' if not found else found[0]}；{verified:.1f} 秒 → {n / verified:,.0f} 条/秒")
    print(f"  基线：同样 {size / 1e6:.0f} MB 的裸 SHA-256：{bare:.2f} 秒 → {n / bare:,.0f} 条/秒"
          f"（验证为其 {verified / bare:.0f} 倍时间）")
    path.unlink()
    return made


def write_cost(work: Path, events: int = 20_000) -> None:
    system = open_system(Settings(var_dir=work / "ledger-write"))
    app, actor = system.app, Actor("bench", "admin")
    app.register_jurisdiction(actor, "root", code="650000", name="新疆维吾尔自治区", level="province", parent=None)
    from domain.organisation import Jurisdiction

    started = time.perf_counter()
    for start in range(0, events, 10):  # ten per save, as an import or a draw writes
        app.save(*[Jurisdiction.register(code=f"B{i}", name=f"县{i}", level="county", parent="650000",
                                         **actor.by(f"b{i}")) for i in range(start, start + 10)])
    written = time.perf_counter() - started
    chain_only = Projector(app, system.engine, projections=[], batch_size=2000)
    started = time.perf_counter()
    chain_only.catch_up()
    chained = time.perf_counter() - started
    pipeline = events / (written + chained)
    print(f"  写入 {events:,} 条事件（每次保存10条）：{events / written:,.0f} 条/秒（不含建链：基线）")
    print(f"  建链（账本跟随日志）：{events / chained:,.0f} 条/秒；写入+建链：{pipeline:,.0f} 条/秒"
          f" → 吞吐为不建链时的 {pipeline / (events / written):.2f}")
    system.close()


def run(work: Path) -> None:
    print("账本（issue 6）")
    cached = Path("var/bench/province-year")
    if (cached / "events.sqlite").exists():
        system = open_system(Settings(var_dir=cached))
    else:
        from tests.support.history import make_history

        system = open_system(Settings(var_dir=work / "ledger-store"))
        make_history(system, units=3000, changes=3000, seed=1)
    try:
        verification(system, work)
    finally:
        system.close()
    write_cost(work)
