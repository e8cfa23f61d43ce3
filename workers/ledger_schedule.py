"""Checkpoints on a schedule, in the embedded default: a thread beside the projector signs
the chain every `every` seconds when something was written since the last checkpoint.
(Deployments with Redis get their schedule from the background-jobs scheduler and
`shuangsui ledger checkpoint --scheduled`; this thread is the embedded stand-in.)

A refused checkpoint (the store changed since the last one) is logged as an error every
time it is tried: it shows on the ledger page and in /healthz through the next check."""

from __future__ import annotations

import logging
import threading

from domain.base import SYSTEM
from projections.system import System

from .ledger import LedgerAlarm, make_checkpoint

log = logging.getLogger("shuangsui.ledger")


class CheckpointSchedule:
    def __init__(self, system: System, every: float):
        self.system, self.every = system, every
        self._stop = threading.Event()

    def run_once(self) -> dict | None:
        try:
            return make_checkpoint(self.system, SYSTEM, "schedule")
        except LedgerAlarm as alarm:
            log.error("定时检查点被拒绝：%s", alarm)
        except Exception:  # keep the schedule alive; the next round tries again
            log.exception("定时检查点失败，稍后重试")
        return None

    def run_forever(self) -> None:
        while not self._stop.wait(self.every):
            self.run_once()

    def start_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="ledger-checkpoints", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
