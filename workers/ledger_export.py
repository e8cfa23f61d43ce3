"""The reviewer's bundle (docs/ledger.md): every position of the covered range as hashes, the
stored bytes of the disclosed streams only, the checkpoints in range, and a checkpoint made
for the export at its last entry. A bundle for one task discloses that task and its
problems; every other event in the range appears only as its hashes.

Written as it is read (one pass over the log range), so a whole-store bundle of a million
events does not have to fit in memory before it reaches the file."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime, time, timedelta, timezone
from typing import IO, Callable

from sqlalchemy import select

from domain.base import Actor, NotFoundError
from domain.calendar import SHANGHAI
from projections.ledger import ZERO_HASH
from projections.system import System
from projections.tables import checkpoints, history, ledger, plans, problems, signing_keys, targets, tasks

from .ledger import make_checkpoint
from .ledger_check import PAGE

FORMAT = "shuangsui-ledger-bundle/1"
KINDS = {"store": "整个事件库", "task": "检查任务", "unit": "监管对象", "draw": "抽查计划", "period": "期间"}


def disclosed_streams(conn, kind: str, subject: str | None = None,
                      start: date | None = None, end: date | None = None) -> dict[str, str] | None:
    """stream id → its kind, for the streams the bundle discloses (None: all of them)."""
    if kind == "store":
        return None
    if kind == "task":
        found = {r: "task" for r in conn.execute(select(tasks.c.id).where(tasks.c.id == subject)).scalars()}
        task_ids = list(found)
    elif kind == "unit":
        found = {r: "target" for r in conn.execute(select(targets.c.id).where(targets.c.id == subject)).scalars()}
        task_ids = list(conn.execute(select(tasks.c.id).where(tasks.c.target_id == subject)).scalars()) if found else []
        found.update({t: "task" for t in task_ids})
    elif kind == "draw":
        found = {r: "plan" for r in conn.execute(select(plans.c.id).where(plans.c.id == subject)).scalars()}
        task_ids = list(conn.execute(select(tasks.c.id).where(tasks.c.plan_id == subject)).scalars()) if found else []
        found.update({t: "task" for t in task_ids})
    elif kind == "period":
        since = datetime.combine(start, time.min, SHANGHAI).astimezone(timezone.utc)
        until = datetime.combine(end + timedelta(days=1), time.min, SHANGHAI).astimezone(timezone.utc)
        rows = conn.execute(select(history.c.stream_id, history.c.stream_kind).distinct()
                            .where(history.c.at >= since, history.c.at < until))
        return {s: k for s, k in rows}
    else:
        raise ValueError(kind)
    if not found:
        raise NotFoundError(f"{KINDS[kind]}不存在")
    if task_ids:
        found.update({p: "problem" for p in conn.execute(
            select(problems.c.id).where(problems.c.task_id.in_(task_ids))).scalars()})
    return found


def export_bundle(system: System, actor: Actor, out: IO[str], *, kind: str = "store", subject: str | None = None,
                  start: date | None = None, end: date | None = None, title: str = "",
                  progress: Callable[[int, int], None] | None = None) -> dict:
    """Write the bundle to `out`; returns what it holds (entries, disclosed events, range).
    `progress(entries written, entries in the range)` is told after every page of the log
    (a background job shows it)."""
    seal = make_checkpoint(system, actor, "export")
    with system.engine.connect() as conn:
        streams = disclosed_streams(conn, kind, subject, start, end)
        first = 1 if streams is None else conn.execute(
            select(ledger.c.position).where(ledger.c.stream_id.in_(list(streams)))
            .order_by(ledger.c.position).limit(1)).scalar()
        if first is None:  # a period in which nothing happened: the seal alone
            first = seal["position"]
        previous = conn.execute(select(ledger.c.position, ledger.c.chain_hash).where(ledger.c.position < first)
                                .order_by(ledger.c.position.desc()).limit(1)).first()
        position_before, before = (previous.position, previous.chain_hash) if previous else (0, ZERO_HASH)
        versions = {} if streams is None else dict(conn.execute(  # the last version in the bundle
            select(ledger.c.stream_id, ledger.c.version).where(ledger.c.stream_id.in_(list(streams)),
                                                               ledger.c.position <= seal["position"])
            .order_by(ledger.c.version)).all())
        marks = [dict(r._mapping) for r in conn.execute(
            select(checkpoints.c.position, checkpoints.c.chain_hash, checkpoints.c.made_at,
                   checkpoints.c.key_id, checkpoints.c.signature)
            .where(checkpoints.c.position >= max(position_before, 1), checkpoints.c.position < seal["position"])
            .order_by(checkpoints.c.position))]
        keys = [{"key_id": k.key_id, "public_key": k.public_key, "introduced_at_position": k.introduced_at}
                for k in conn.execute(select(signing_keys).order_by(signing_keys.c.introduced_at))]
        scope = {"kind": kind, "title": title or KINDS[kind]}
        if subject:
            scope["id"] = subject
        if start:
            scope.update({"from": start.isoformat(), "to": end.isoformat()})
        out.write('{"format": %s, "scope": %s, "exported_at": %s, "position_before": %d, "chain_before": "%s",\n'
                  ' "entries": [\n' % (
                      json.dumps(FORMAT), json.dumps(scope, ensure_ascii=False),
                      json.dumps(datetime.now(timezone.utc).replace(microsecond=0).isoformat()),
                      position_before, before))
        counts = _entries(system, conn, out, first, seal["position"], streams, progress)
        if streams is None:
            streams = counts.pop("streams")
            versions = counts.pop("versions")
        # A stream with nothing at or before the seal (the seal's own Checkpoint) is not in it.
        disclosed = {s: {"kind": k, "versions": versions[s]} for s, k in streams.items() if versions.get(s)}
        out.write('\n ],\n "disclosed_streams": %s,\n "checkpoints": %s,\n "keys": %s}\n' % (
            json.dumps(disclosed), json.dumps([*marks, seal]), json.dumps(keys)))
    return {"first": first, "last": seal["position"], **counts, "streams": len(disclosed), "seal": seal}


def _entries(system: System, conn, out: IO[str], first: int, last: int, streams: dict | None,
             progress: Callable[[int, int], None] | None = None) -> dict:
    recorder, after, entries, events, comma = system.app.recorder, first - 1, 0, 0, ""
    seen_streams, seen_versions = {}, {}
    while after < last:
        rows = conn.execute(select(ledger).where(ledger.c.position > after, ledger.c.position <= last)
                            .order_by(ledger.c.position).limit(PAGE)).all()
        if not rows:
            break
        wanted = [r for r in rows if streams is None or r.stream_id in streams]
        stored = {}
        if wanted:  # the stored bytes, as they are in the event table now
            for n in recorder.select_notifications(wanted[0].position - 1, PAGE,
                                                   stop=wanted[-1].position, inclusive_of_start=False):
                stored[n.id] = n
        for r in rows:
            entry = {"position": r.position, "stream": r.stream_id, "version": r.version,
                     "event_hash": r.event_hash, "chain_hash": r.chain_hash, "event": None}
            if streams is None or r.stream_id in streams:
                n = stored.get(r.position)
                if n is not None and n.originator_id.hex == r.stream_id:
                    entry["event"] = {"topic": n.topic, "state": base64.b64encode(bytes(n.state)).decode(),
                                      "stream_hash": r.stream_hash}
                    events += 1
                if streams is None:
                    seen_streams[r.stream_id] = n.topic.split(":")[1].split(".")[0].lower() if n else "?"
                    seen_versions[r.stream_id] = r.version
            out.write(comma + json.dumps(entry, separators=(",", ":")))
            comma = ",\n"
            entries += 1
        after = rows[-1].position
        if progress is not None:  # positions may have gaps: the range is an upper bound
            progress(entries, max(entries, last - first + 1))
    result = {"entries": entries, "events": events}
    if streams is None:
        result.update(streams=seen_streams, versions=seen_versions)
    return result

