"""The load bench's client side: gunicorn started and stopped, a session cookie from the
login form, and ApacheBench (`ab`, compiled, so the client does not take the server's CPU)
run against one or more URLs at a time, with exact percentiles from every request's time.

Several URLs (a task page of several tasks) are loaded by one `ab` per URL at the same
time, the clients shared among them; the percentiles come from all their requests together
(`ab -g` writes each request's total time), the throughput is all requests over the longest
run. `ab` counts a response whose length differs from the first as failed; pages differ in
length (CSRF tokens, times), so `-l` accepts that and "failed" means connect, receive or
exception errors only."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

USER_AGENT = "shuangsui-bench"  # the same for the login and for ab: the session is bound to it
INSTALL_AB = "apt-get install -y apache2-utils"
ROOT = Path(__file__).resolve().parents[1]


def ab_or_exit() -> str:
    found = shutil.which("ab")
    if not found:
        sys.exit(f"需要 ApacheBench（ab）来施加负载，本机未安装。请先安装：{INSTALL_AB}")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(app_spec: str, env: dict, workers: int, threads: int, probe: str, log: Path, timeout: float = 180):
    """Serve `app_spec` on a free loopback port until the block ends; yields the base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "gunicorn", "-w", str(workers), "--threads", str(threads),
           "-b", f"127.0.0.1:{port}", "--backlog", "2048", "--keep-alive", "5", "--timeout", "120", app_spec]
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn 已退出（{proc.returncode}），见 {log}")
            try:
                with urllib.request.urlopen(base + probe, timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn 未在 {timeout:.0f} s 内就绪，见 {log}") from None
                time.sleep(0.3)
        yield base, proc.pid
    finally:
        proc.send_signal(signal.SIGTERM)  # gunicorn's graceful stop
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(base: str, username: str, password: str) -> str:
    """POST /login with the CSRF token of the form; returns the Cookie header's value."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    opener.addheaders = [("User-Agent", USER_AGENT)]
    form = opener.open(base + "/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": password}).encode()
    try:
        opener.open(base + "/login", data=data, timeout=30)
        raise RuntimeError(f"{username} 登录未成功（没有跳转）")
    except urllib.error.HTTPError as answer:
        if answer.code != 302 or answer.headers.get("Location", "").endswith("/login"):
            raise RuntimeError(f"{username} 登录失败：HTTP {answer.code}") from None
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def fetch(base: str, path: str, cookie: str | None) -> tuple[int, str]:
    """One GET as the load will make it (no redirects followed): status and body."""
    request = urllib.request.Request(base + path, headers={"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie
                                                                                       else {})})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as answer:
            return answer.status, answer.read().decode(errors="replace")
    except urllib.error.HTTPError as answer:
        return answer.code, ""


@dataclass
class Result:
    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    non_2xx: int
    failed: int
    app_cpu_ms: float = 0.0  # CPU time per request of the gunicorn workers ...
    db_cpu_ms: float = 0.0  # ... and of the PostgreSQL backends serving them

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (as ab's own table)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))] if ordered else 0.0


def _count(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    return int(found.group(1)) if found else 0


def load(urls: list[str], concurrency: int, requests: int, cookie: str | None = None, keep_alive: bool = True,
         timeout: int = 60) -> Result:
    """`concurrency` clients making `requests` GETs in all, shared over `urls`."""
    k = min(len(urls), concurrency)
    shares = [(concurrency // k + (i < concurrency % k), requests // k + (i < requests % k)) for i in range(k)]
    work = Path(tempfile.mkdtemp(prefix="shuangsui-ab-"))
    procs = []
    for i, (url, (c, n)) in enumerate(zip(urls, shares)):
        cmd = ["ab", "-q", "-l", "-r", "-s", str(timeout), "-c", str(c), "-n", str(max(n, c)),
               "-H", f"User-Agent: {USER_AGENT}", "-g", str(work / f"{i}.tsv")]
        cmd += ["-k"] if keep_alive else []
        cmd += ["-C", cookie] if cookie else []
        procs.append(subprocess.Popen([*cmd, url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    outputs = [p.communicate()[0] for p in procs]
    times, seconds = [], 0.0
    for i, out in enumerate(outputs):
        if "Complete requests" not in out:
            raise RuntimeError(f"ab 失败：{out[-800:]}")
        seconds = max(seconds, float(re.search(r"Time taken for tests:\s+([\d.]+)", out).group(1)))
        rows = (work / f"{i}.tsv").read_text().splitlines()[1:]
        times += [float(r.split("\t")[4]) for r in rows if r.strip()]
    shutil.rmtree(work, ignore_errors=True)
    failed = sum(_count(rf"{kind}: (\d+)", out) for out in outputs for kind in ("Connect", "Receive", "Exceptions"))
    return Result(requests=sum(_count(r"Complete requests:\s+(\d+)", o) for o in outputs), seconds=seconds,
                  p50=percentile(times, 50), p95=percentile(times, 95), p99=percentile(times, 99),
                  non_2xx=sum(_count(r"Non-2xx responses:\s+(\d+)", o) for o in outputs), failed=failed)


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def cpu_seconds(pids) -> dict[int, float]:
    """User + system CPU time of each process so far (from /proc; a process gone is left out)."""
    tick, out = os.sysconf("SC_CLK_TCK"), {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / tick
    return out


def spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())


def machine() -> str:
    load1 = os.getloadavg()[0]
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "?")
    return f"{os.cpu_count()} 核 {model}，负载 {load1:.2f}"
