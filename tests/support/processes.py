"""Real processes for the fault tests: a private redis-server that a test may stop and start
again, and `shuangsui worker|projector|scheduler` as subprocesses with the environment of a
test's system. Every process started here is stopped when its `Processes` block ends, even
when the test fails; each writes its output to a log file (a pipe nobody reads would block)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHUANGSUI = Path(sys.executable).with_name("shuangsui")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(base: str, timeout: float = 10.0) -> None:
    """Until the web app at `base` answers its health page."""
    import urllib.request

    wait_until(lambda: urllib.request.urlopen(base + "/healthz", timeout=1), timeout, f"{base} 未启动")


def wait_until(check: Callable[[], object], timeout: float, what: str | Callable[[], str], every: float = 0.1):
    """Poll `check` until it returns something true; fail with `what` (or what it returns: a
    process's output at that moment) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = check()
        except Exception:  # noqa: BLE001 - a service still starting
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{timeout:.0f} 秒内未等到：{what() if callable(what) else what}")
        time.sleep(every)


def descendants(pid: int) -> list[int]:
    """`pid`'s children, grandchildren…: an rq work horse puts itself in a process group of
    its own (setpgrp), so killing the worker's group would leave it running."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [c for c, p in parents.items() if p in frontier]
        found += children
        frontier = children
    return found


class Proc:
    def __init__(self, name: str, argv: list[str], env: dict, log: Path) -> None:
        self.name, self.argv, self.log = name, argv, log
        with log.open("ab") as out:
            self.popen = subprocess.Popen(argv, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out,
                                          stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL the process and everything it started, at once: a crash, not a shutdown."""
        if not self.alive():
            return  # reaped already: its pid may belong to someone else by now
        for pid in [self.pid, *descendants(self.pid)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.popen.wait(10)

    def stop(self, timeout: float = 10) -> None:
        """Ask politely (SIGTERM), then kill what is left."""
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def wait(self, timeout: float) -> int:
        return self.popen.wait(timeout)

    def output(self, tail: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-tail:] if self.log.exists() else ""


def app_env(system, redis_url: str | None = None, **extra: str) -> dict:
    """The environment a `shuangsui …` process needs to open the same system as `system`:
    the same database and schema, the same var/ folder, the same Redis (or none)."""
    settings = system.settings
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "DB_SCHEMA")}
    env.update(SHUANGSUI_VAR=str(settings.var_dir), PYTHONUNBUFFERED="1", SECRET_KEY="fault-tests",
               SHUANGSUI_CREATE_TABLES="false")  # the test made the tables; start fast
    if settings.database_url:
        env["DATABASE_URL"] = settings.database_url
    if settings.schema:
        env["DB_SCHEMA"] = settings.schema
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra)
    return env


class RedisServer:
    """A private redis-server on a free port, no persistence: stopping it loses what it held,
    as a Redis restarted without its data would."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: Proc | None = None

    def start(self) -> "RedisServer":
        self.folder.mkdir(parents=True, exist_ok=True)
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(self.folder)]
        self.proc = Proc("redis", argv, dict(os.environ), self.folder / "redis.log")
        wait_until(self.ping, 10, f"redis-server 在端口 {self.port} 应答")
        return self

    def ping(self) -> bool:
        from redis import Redis

        with Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5) as r:
            return bool(r.ping())

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc = None

    def client(self):
        from redis import Redis

        return Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5)


class Processes:
    """Starts `shuangsui` subprocesses and stops every one of them at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[Proc] = []
        folder.mkdir(parents=True, exist_ok=True)

    def shuangsui(self, name: str, args: list[str], env: dict) -> Proc:
        log = self.folder / f"{name}-{len(self.started)}.log"
        proc = Proc(name, [str(SHUANGSUI), *args], env, log)
        self.started.append(proc)
        return proc

    def worker(self, env: dict, burst: bool = False) -> Proc:
        return self.shuangsui("worker", ["worker", *(["--burst"] if burst else [])], env)

    def projector(self, env: dict, *args: str) -> Proc:
        return self.shuangsui("projector", ["projector", *args], env)

    def scheduler(self, env: dict) -> Proc:
        return self.shuangsui("scheduler", ["scheduler"], env)

    def redis(self) -> RedisServer:
        server = RedisServer(self.folder / f"redis-{len(self.started)}")
        server.start()
        self.started.append(_Stopper(server))
        return server

    def logs(self) -> str:
        return "\n".join(f"--- {p.name} ---\n{p.output(1500)}" for p in self.started if isinstance(p, Proc))

    def close(self) -> None:
        for proc in reversed(self.started):
            try:
                proc.stop()
            except Exception:  # noqa: BLE001 - stop the others all the same
                pass


class _Stopper:
    def __init__(self, server: RedisServer) -> None:
        self.server = server

    def stop(self) -> None:
        self.server.stop()


@contextmanager
def processes(folder: Path) -> Iterator[Processes]:
    running = Processes(folder)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def redis_system(fresh_pg_schema, tmp_path):
    """(system, its private RedisServer, the Processes block): a PostgreSQL system in a fresh
    schema whose REDIS_URL is a redis-server of its own, which the test may stop and start."""
    from projections.system import Settings, open_system

    url, schema = fresh_pg_schema
    with processes(tmp_path / "procs") as running:
        redis = running.redis()
        s = open_system(Settings(database_url=url, schema=schema, var_dir=tmp_path / "var", redis_url=redis.url))
        try:
            yield s, redis, running
        finally:
            s.close()


# -- the web app of a test's system ------------------------------------------------------------
def signed_in(system, username: str = "zhidui", role: str = "supervisor", jurisdiction: str | None = "650000"):
    """(Flask app on `system`, a test client signed in as a new user of that role)."""
    from domain.base import Actor
    from tests.support.pages import PASSWORD
    from webapp import create_app
    from webapp.auth.credentials import set_password

    system.app.create_user(Actor("setup", "admin"), f"u-{username}", username=username, display_name=username,
                           role=role, jurisdiction=jurisdiction)
    system.projector.catch_up()
    set_password(system.engine, username, PASSWORD)
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False,
                      "SHUANGSUI_SETTINGS": {"var_dir": system.settings.var_dir}}, system=system)
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return app, client


# -- a job as the store and the progress table have it ------------------------------------------
def ends(system, job_id) -> list:
    """The job's end events as stored (Finished or Failed), read from the event store."""
    from domain.jobs import Job

    return [e for e in system.app.events.get(job_id) if isinstance(e, (Job.Finished, Job.Failed))]


def progress_of(engine, job_id):
    from sqlalchemy import select

    from projections.job_tables import job_progress

    with engine.connect() as conn:
        return conn.execute(select(job_progress).where(job_progress.c.job_id == job_id.hex)).mappings().one_or_none()
