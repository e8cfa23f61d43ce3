"""What each kind of job does. A handler is `fn(system, job, progress) -> result dict`:
it reads its parameters from `job.params` (primitive values), reports progress, and
returns what the job record keeps (a file under var/jobs/, counts). It raises `JobFailed`
for an outcome the user must act on (an import with row errors), any other exception for
a fault (retried when it is transient)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

HANDLERS: dict[str, Callable] = {}


class JobFailed(Exception):
    """The job ran to its end and the answer is no: the message says why, in Chinese;
    `result` holds what there is to show (an import's row errors)."""

    def __init__(self, message: str, result: dict | None = None) -> None:
        super().__init__(message)
        self.result = result or {}


def handler(kind: str):
    def register(fn: Callable) -> Callable:
        HANDLERS[kind] = fn
        return fn
    return register


def output_path(system, job_id: str, suffix: str) -> Path:
    """Where a job's file goes: var/jobs/<job id><suffix> (the result names it relative to var)."""
    folder = Path(system.settings.var_dir) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{job_id}{suffix}"


def load_all() -> None:
    """Import the modules whose handlers register themselves (the worker does this once)."""
    from . import exports, imports_job  # noqa: F401
