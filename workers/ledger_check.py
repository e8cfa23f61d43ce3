"""The end-to-end check of the store against its ledger: every stored event against its
ledger row, in log order, and every checkpoint against the chain and its key. The same
walk, from the last checkpoint on, runs before a new checkpoint is signed, so a database
rewritten since then is refused instead of signed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import insert, select

from domain.ledger_verify import chain_hash, checkpoint_message, ed25519_verify, event_hash, stream_hash
from projections.ledger import ZERO_HASH
from projections.system import System
from projections.tables import checkpoints, ledger, ledger_checks, signing_keys

PAGE = 5000


@dataclass
class StoreCheck:
    ok: bool
    events: int
    position: int
    problem: str
    seconds: float


def verify_store(system: System) -> StoreCheck:
    """Everything from the first event; the result is recorded for the health page."""
    started = time.monotonic()
    system.read_side_up_to_date()
    problem, count, last = walk(system)
    if not problem:
        problem = _check_checkpoints(system)
    result = StoreCheck(not problem, count, last, problem, time.monotonic() - started)
    with system.engine.begin() as conn:
        conn.execute(insert(ledger_checks).values(
            checked_at=datetime.now(timezone.utc), position=last, events=count, ok=result.ok,
            problem=problem, seconds=round(result.seconds)))
    return result


def walk(system: System, after: int = 0, chain: str = ZERO_HASH) -> tuple[str, int, int]:
    """Check the stored events after position `after` (where the chain hash is `chain`)
    against the ledger: (the first problem or "", events checked, last position checked).
    Stored events no ledger row covers yet (the projector is behind) are left for later."""
    streams, count, last = {}, 0, after
    with system.engine.connect() as conn:
        head = conn.execute(select(ledger.c.position).order_by(ledger.c.position.desc()).limit(1)).scalar() or 0
        for position, row, n in _in_log_order(conn, system.app.recorder, after):
            if row is None:
                if position > head:
                    break
                return f"位置 {position}：事件库中有账本未记录的事件（事件被插入）", count, last
            where = f"位置 {position}（记录 {row.stream_id}，第 {row.version} 版）"
            if n is None:
                return f"{where}：账本有记录而事件库中没有（事件被删除）", count, last
            if (n.originator_id.hex, n.originator_version) != (row.stream_id, row.version):
                return f"{where}：事件库此处为另一事件（被替换或移动）", count, last
            own = event_hash(row.stream_id, row.version, n.topic, bytes(n.state))
            if own != row.event_hash:
                return f"{where}：事件内容与账本记录的哈希不符（事件被修改）", count, last
            previous = streams.get(row.stream_id) or _stream_before(conn, row)
            chain = chain_hash(chain, position, own)
            if stream_hash(previous, own) != row.stream_hash or chain != row.chain_hash:
                return f"{where}：链哈希不符（账本被改写）", count, last
            streams[row.stream_id] = row.stream_hash
            count, last = count + 1, position
    return "", count, last


def _stream_before(conn, row) -> str:
    if row.version == 1:
        return ZERO_HASH
    return conn.execute(select(ledger.c.stream_hash).where(
        ledger.c.stream_id == row.stream_id, ledger.c.version == row.version - 1)).scalar() or ""


def _in_log_order(conn, recorder, after: int):
    """(position, ledger row or None, stored event or None), the two merged by position."""
    rows, events = _ledger_rows(conn, after), _stored(recorder, after)
    row, n = next(rows, None), next(events, None)
    while row is not None or n is not None:
        if n is None or (row is not None and row.position < n.id):
            yield row.position, row, None
            row = next(rows, None)
        elif row is None or n.id < row.position:
            yield n.id, None, n
            n = next(events, None)
        else:
            yield row.position, row, n
            row, n = next(rows, None), next(events, None)


def _ledger_rows(conn, after: int):
    while rows := conn.execute(select(ledger).where(ledger.c.position > after)
                               .order_by(ledger.c.position).limit(PAGE)).all():
        yield from rows
        after = rows[-1].position


def _stored(recorder, after: int):
    while events := recorder.select_notifications(after, PAGE, inclusive_of_start=False):
        yield from events
        after = events[-1].id


def _check_checkpoints(system: System) -> str:
    with system.engine.connect() as conn:
        keys = {k.key_id: bytes.fromhex(k.public_key) for k in conn.execute(select(signing_keys))}
        for c in conn.execute(select(checkpoints).order_by(checkpoints.c.position)):
            at = conn.execute(select(ledger.c.chain_hash).where(ledger.c.position == c.position)).scalar()
            if at != c.chain_hash:
                return f"检查点（位置 {c.position}）的链哈希与账本不符：账本在此之前被改写"
            key = keys.get(c.key_id)
            message = checkpoint_message(c.position, c.chain_hash, c.made_at)
            if key is None or not ed25519_verify(key, message, bytes.fromhex(c.signature)):
                return f"检查点（位置 {c.position}）的签名无效"
    return ""
