"""The hash chain over every stored event, and the read model of checkpoints and keys.

`Chain` is not a projection of events but of their stored bytes: inside each projector
batch (the same transaction as its position) it appends one `ledger` row per notification,
in log order — event hash, the stream's chain, the global chain — with the functions of
the standalone verifier (domain/ledger_verify.py, specified in docs/ledger.md), so the
database and a reviewer's copy can never hash differently. A rebuild never touches it: it
is evidence, checked (`shuangsui ledger verify-store`), not rebuilt.

Hashes are a pure function of the stored log, so the small caches here stay right even
when a batch is rolled back: an entry is only used for the exact version or position it
was computed at.
"""

from __future__ import annotations

from collections import OrderedDict

from sqlalchemy import select

from domain.ledger import Checkpoint, SigningKey
from domain.ledger_verify import chain_hash, event_hash, stream_hash

from .base import Batch, Projection, merge_update
from .tables import checkpoints, ledger, signing_keys

ZERO_HASH = "00" * 32  # before the first event of the log, and before a stream's first version


class Chain:
    name = "ledger"

    def __init__(self, streams_held: int = 50_000):
        self._head: tuple[int, str] | None = None  # (position, chain hash) of the last row appended
        self._streams: OrderedDict[str, tuple[int, str]] = OrderedDict()  # stream -> (version, stream hash)
        self._held = streams_held

    def head(self, batch: Batch, position: int) -> str:
        """The chain hash after `position` (the ledger's tracked position)."""
        if self._head is None or self._head[0] != position:
            found = batch.execute(select(ledger.c.position, ledger.c.chain_hash)
                                  .where(ledger.c.position <= position)
                                  .order_by(ledger.c.position.desc()).limit(1)).first()
            self._head = (found.position, found.chain_hash) if found else (position, ZERO_HASH)
            if found is None and position:
                raise RuntimeError(f"账本缺少位置 {position} 及之前的记录")
        return self._head[1]

    def append(self, batch: Batch, n, previous_chain: str) -> str:
        stream = n.originator_id.hex
        own = event_hash(stream, n.originator_version, n.topic, bytes(n.state))
        previous_stream = self._stream_head(batch, stream, n.originator_version - 1)
        linked = stream_hash(previous_stream, own)
        chained = chain_hash(previous_chain, n.id, own)
        batch.insert(ledger, position=n.id, stream_id=stream, version=n.originator_version,
                     event_hash=own, stream_hash=linked, chain_hash=chained)
        self._streams[stream] = (n.originator_version, linked)
        self._streams.move_to_end(stream)
        if len(self._streams) > self._held:
            self._streams.popitem(last=False)
        self._head = (n.id, chained)
        return chained

    def _stream_head(self, batch: Batch, stream: str, version: int) -> str:
        if version == 0:
            return ZERO_HASH
        held = self._streams.get(stream)
        if held and held[0] == version:
            return held[1]
        found = batch.execute(select(ledger.c.stream_hash).where(
            ledger.c.stream_id == stream, ledger.c.version == version)).scalar()
        if found is None:
            raise RuntimeError(f"账本缺少流 {stream} 第 {version} 版")
        return found


class LedgerProjection(Projection):
    """Checkpoints and signing keys as the pages list them."""

    name = "ledger_records"
    tables = (checkpoints, signing_keys)

    def apply(self, batch: Batch, event, position: int) -> None:
        if isinstance(event, Checkpoint.Made):
            batch.insert(checkpoints, position=event.position, id=event.originator_id.hex,
                         chain_hash=event.chain_hash, made_at=event.made_at, key_id=event.key_id,
                         signature=event.signature, occasion=event.occasion, actor_id=event.actor_id,
                         recorded_at=position)
        elif isinstance(event, SigningKey.Introduced):
            batch.insert(signing_keys, key_id=event.key_id, id=event.originator_id.hex,
                         public_key=event.public_key, introduced_at=position, reason=event.reason,
                         retired=False, version=event.originator_version)
        elif isinstance(event, SigningKey.Retired):
            merge_update(batch, signing_keys, "id", event, {"retired": True})
