"""`make bench`: load `make serve` like browsers do, against a raw baseline, on loopback only.

Each virtual user GETs the campaign page (cookies, CSRF token) and POSTs a distinct valid
signature, over and over, for a fixed time at a fixed concurrency. The same client then drives
a minimal WSGI app under the same gunicorn (bench/baseline.py). Figures are printed with their
ratio to the baseline and the targets of issue 7. Afterwards it checks that every acknowledged
signature is stored, once. Where wrk is installed it also signs from wrk, against the site, the
baseline and Django's floor (bench/django_floor.py: the baseline's insert done through Django's
request cycle alone). Nothing here asserts: it prints.

    make bench                       # SQLite; add DATABASE_URL=postgres://… for PostgreSQL too
    uv run python bench/load.py --duration 20 --concurrency 32
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.scratch import production_env  # noqa: E402

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def single_district_zips(limit: int = 2000) -> list[str]:
    """ZIP codes in exactly one district, so no signer is asked a follow-up question."""
    import csv

    with (ROOT / "data" / "zip_cd" / "zip_to_cd119.csv").open(newline="") as f:
        rows = [r["zip"] for r in csv.DictReader(f) if r["n_districts"] == "1"]
    return random.Random(7).sample(rows, limit)


ZIPS = single_district_zips()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    acked: int = 0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def line(self, base: Result | None = None) -> str:
        ratio = f"{self.rps / base.rps:5.2f}x" if base and base.rps else "   -  "
        return (
            f"{self.name:<26} {self.rps:9.1f} req/s  p50 {self.pct(0.5):7.1f} ms  "
            f"p99 {self.pct(0.99):7.1f} ms  errors {self.errors:<4} ratio {ratio}"
        )


async def get_load(url: str, name: str, concurrency: int, duration: float) -> Result:
    result = Result(name)
    deadline = time.monotonic() + duration
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def user() -> None:
            while time.monotonic() < deadline:
                started = time.monotonic()
                try:
                    async with session.get(url) as r:
                        await r.read()
                        ok = r.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    ok = False
                if ok:
                    result.latencies.append(time.monotonic() - started)
                else:
                    result.errors += 1

        started = time.monotonic()
        await asyncio.gather(*(user() for _ in range(concurrency)))
        result.elapsed = time.monotonic() - started
    return result


async def sign_load(
    base: str, page: str, name: str, concurrency: int, duration: float, run_id: str
) -> Result:
    """Browser-like: GET the page (token + cookie), then POST a distinct signature."""
    result = Result(name)
    deadline = time.monotonic() + duration
    counter = iter(range(10**9))

    async def user(n: int) -> None:
        jar = aiohttp.CookieJar(unsafe=True)
        # A distinct client address per virtual user, from the benchmarking range
        # (RFC 2544), given to the server as a trusted proxy would.
        ip = f"198.18.{n // 250}.{n % 250 + 1}"
        headers = {"X-Forwarded-For": ip}
        timeout = aiohttp.ClientTimeout(total=15)
        async with aiohttp.ClientSession(
            cookie_jar=jar, headers=headers, timeout=timeout
        ) as session:
            while time.monotonic() < deadline:
                i = next(counter)
                try:
                    async with session.get(page) as r:
                        body = await r.read()
                    if r.status != 200:
                        result.errors += 1
                        continue
                    # The real page carries no per-visitor token (see docs/performance.md);
                    # the baseline's static page does, and the client sends it back as is.
                    token = TOKEN.search(body)
                    form = {
                        "csrfmiddlewaretoken": token.group(1).decode() if token else "",
                        "first_name": f"Bench{i}",
                        "last_name": "Signer",
                        "email": f"{run_id}-{i}@d{i % 500}.bench.example",
                        "zip_code": random.choice(ZIPS),
                    }
                    started = time.monotonic()
                    async with session.post(
                        page, data=form, allow_redirects=False, headers={"Referer": page}
                    ) as r:
                        await r.read()
                        ok = r.status in (302, 303)
                        result.statuses[str(r.status)] = result.statuses.get(str(r.status), 0) + 1
                except (aiohttp.ClientError, TimeoutError) as error:
                    ok = False
                    name = type(error).__name__
                    result.statuses[name] = result.statuses.get(name, 0) + 1
                if ok:
                    result.latencies.append(time.monotonic() - started)
                    result.acked += 1
                else:
                    result.errors += 1

    started = time.monotonic()
    await asyncio.gather(*(user(n) for n in range(concurrency)))
    result.elapsed = time.monotonic() - started
    return result


def wait_up(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early ({proc.returncode}); see its log")
        try:
            urllib.request.urlopen(url, timeout=1).read()  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not come up")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def bare_gunicorn(app: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen:
    """A bench app (not the site) under the same gunicorn as the site's, on loopback."""
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )


def django_floor(args: argparse.Namespace, env: dict[str, str], run_id: str) -> WrkResult | None:
    """wrk against bench/django_floor.py: the same insert as the baseline, done through
    Django's request cycle and nothing else, to show how much of the ratio is Django's own."""
    port = free_port()
    server = bare_gunicorn("bench.django_floor:application", port, args.workers, env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(f"{base}/", server)
        return wrk_sign(base, "/", args.concurrency, args.duration, f"{run_id}f")
    finally:
        stop(server)


def scratch_postgres(url: str) -> str:
    """A fresh database next to the one DATABASE_URL names (that one is left alone)."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS stopalprs_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE stopalprs_bench")
    return urlunsplit(parts._replace(path="/stopalprs_bench"))


def count_freshness(base: str, work: Path, env: dict[str, str], n: int = 50) -> tuple[int, float]:
    """Confirm n pending signatures straight in the database, as confirming does (status and
    time); time until the JSON shows it."""
    import json
    import urllib.request

    def count() -> int:
        with urllib.request.urlopen(f"{base}/c/stop-alprs.json", timeout=5) as r:  # noqa: S310
            return int(json.load(r)["signature_count"])

    before = count()
    script = (
        "from django.utils import timezone;"
        "from stopalprs.signatures.models import Signature as S;"
        "q=S.objects.filter(status='pending', fraud_state='ok');"
        f"ids=list(q.values_list('pk', flat=True)[:{n}]);"
        "S.objects.filter(pk__in=ids).update(status='confirmed', confirmed_at=timezone.now());"
        "print(len(ids))"
    )
    out = (
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    confirmed = int(out)
    started = time.monotonic()
    while count() < before + confirmed and time.monotonic() - started < 30:
        time.sleep(0.1)
    return confirmed, time.monotonic() - started


def _descendants(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += _descendants(int(child))
    except OSError:
        pass  # gone, or not Linux
    return found


def cpu_by_role(root: int) -> dict[str, float]:
    """CPU seconds used so far by each kind of process under root (Linux /proc; else empty)."""
    tick = os.sysconf("SC_CLK_TCK")
    roles: dict[str, float] = {}
    for pid in _descendants(root):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        role = next(
            (
                name
                for word, name in (
                    ("gunicorn", "web"),
                    ("db_worker", "task worker"),
                    ("beat", "beat"),
                )
                if word in command
            ),
            "other",
        )
        roles[role] = roles.get(role, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return roles


def measure_sign(server: subprocess.Popen, *load: object) -> tuple[Result, str]:
    """Run the sign load; also say where the CPU went, per signature (page load and POST).

    The load generator shares the cores: what the server uses, it cannot."""
    before, mine = cpu_by_role(server.pid), time.process_time()
    result = asyncio.run(sign_load(*load))  # type: ignore[arg-type]
    after, mine = cpu_by_role(server.pid), time.process_time() - mine
    n = max(1, len(result.latencies))
    used = {role: after[role] - before.get(role, 0.0) for role in after}
    used["load generator"] = mine
    parts = ", ".join(f"{role} {seconds / n * 1000:.2f}" for role, seconds in used.items())
    cores = (os.cpu_count() or 1) * result.elapsed / n * 1000
    return result, f"{result.name}: CPU ms per signature: {parts} (all cores: {cores:.2f})"


def stored(env: dict[str, str]) -> int:
    """Signatures the run left in its fresh database (every bench address is distinct)."""
    script = (
        "from stopalprs.signatures.models import Signature as S;"
        "print(S.objects.filter(email_domain__endswith='.bench.example').count())"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


@dataclass
class WrkResult:
    rate: float
    p99: str
    answered: int  # replies that were a redirect: signatures acknowledged
    failed: int


def wrk_sign(
    base: str, path: str, concurrency: int, duration: float, run_id: str
) -> WrkResult | None:
    """Sign POSTs from wrk (bench/wrk_sign.lua): POST only, from a load generator in C that
    needs a fraction of ours, as an independent load test would run. None when wrk is not
    installed (Debian: apt-get install wrk)."""
    wrk = shutil.which("wrk")
    if not wrk:
        return None
    env = {
        **os.environ,
        "BENCH_PATH": path,
        "BENCH_ORIGIN": base,
        "BENCH_RUN": run_id,
        "BENCH_ZIPS": ",".join(ZIPS),
    }
    out = subprocess.run(  # noqa: S603
        [
            wrk,
            "-t2",
            f"-c{concurrency}",
            f"-d{max(1, round(duration))}s",
            "--latency",
            "-s",
            str(ROOT / "bench" / "wrk_sign.lua"),
            base + "/",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    ).stdout

    def number(pattern: str, default: str = "0") -> str:
        found = re.search(pattern, out, re.MULTILINE)
        return found.group(1) if found else default

    failed = int(number(r"Non-2xx or 3xx responses: (\d+)"))
    return WrkResult(
        rate=float(number(r"Requests/sec:\s+([\d.]+)")),
        p99=number(r"^\s*99%\s+(\S+)", "?"),
        answered=int(number(r"^\s*(\d+) requests in")) - failed,
        failed=failed,
    )


def run(database_url: str | None, args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="stopalprs-bench-"))
    label = "PostgreSQL" if database_url else "SQLite"
    db = scratch_postgres(database_url) if database_url else f"sqlite:///{work / 'bench.sqlite3'}"
    port, base_port = free_port(), free_port()
    env = {
        **os.environ,
        **production_env(work, db),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_WORKERS": str(args.workers),
    }
    base = f"http://127.0.0.1:{port}"
    page = f"{base}/c/stop-alprs/"
    log = (work / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runstack", "--production"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    results: dict[str, Result] = {}
    run_id = f"r{random.randrange(10**8)}"
    try:
        wait_up(f"{base}/healthz", server)
        c, d = args.concurrency, args.duration
        results["page"] = asyncio.run(get_load(page, "campaign page GET", c, d))
        results["json"] = asyncio.run(
            get_load(f"{base}/c/stop-alprs.json", "open data JSON GET", c, d)
        )
        results["sign"], cpu_line = measure_sign(server, base, page, "sign POST", c, d, run_id)
        confirmed, freshness = count_freshness(base, work, env)
        # Counted before wrk adds its own: it stops with requests in flight, unacknowledged.
        kept = stored(env)
        wrk = wrk_sign(base, urlsplit(page).path, c, d, f"{run_id}w")
        wrk_kept = stored(env) - kept if wrk else 0
    finally:
        stop(server)
        log.close()

    baseline = bare_gunicorn(
        "bench.baseline:app", base_port, args.workers, {**env, "DATABASE_URL": db}
    )
    bbase = f"http://127.0.0.1:{base_port}"
    try:
        wait_up(f"{bbase}/", baseline)
        c, d = args.concurrency, args.duration
        results["b_page"] = asyncio.run(get_load(f"{bbase}/", "baseline static GET", c, d))
        results["b_json"] = asyncio.run(get_load(f"{bbase}/x.json", "baseline static JSON", c, d))
        results["b_sign"], b_cpu_line = measure_sign(
            baseline, bbase, f"{bbase}/", "baseline insert POST", c, d, run_id
        )
        b_wrk = wrk_sign(bbase, "/", c, d, f"{run_id}w") if wrk else None
    finally:
        stop(baseline)
    floor = django_floor(args, {**env, "DATABASE_URL": db}, run_id) if wrk else None

    print(
        f"\n== {label}: {args.concurrency} concurrent clients, {args.duration:.0f} s per phase, "
        f"{args.workers} gunicorn workers, {os.cpu_count()} cores"
    )
    print(results["page"].line(results["b_page"]))
    print(results["json"].line(results["b_json"]))
    print(results["sign"].line(results["b_sign"]))
    for key in ("b_page", "b_json", "b_sign"):
        print(results[key].line())
    sign = results["sign"]
    print(cpu_line)
    print(b_cpu_line)
    print(f"sign POST replies: {sign.statuses}")
    print(
        f"acknowledged {sign.acked}, stored {kept}: "
        f"{'OK, nothing lost or doubled' if kept == sign.acked else 'MISMATCH'}"
    )
    print(f"public count showed {confirmed} new confirmations after {freshness:.1f} s")
    if wrk and b_wrk:
        ratio = wrk.rate / b_wrk.rate if b_wrk.rate else 0.0
        print(
            f"sign POST from wrk (POST only, {args.concurrency} connections): "
            f"{wrk.rate:.1f} req/s, p99 {wrk.p99}, {wrk.failed} not a redirect; baseline "
            f"{b_wrk.rate:.1f} req/s, p99 {b_wrk.p99}; ratio {ratio:.2f}x"
        )
        # wrk stops with requests in flight: those may be stored without an answer.
        print(
            f"wrk: acknowledged {wrk.answered}, stored {wrk_kept}: "
            f"{'OK, nothing lost' if wrk_kept >= wrk.answered else 'LOST'}"
        )
        if floor:
            print(
                f"Django's floor from wrk (one INSERT, no middleware, nothing of ours; the most "
                f"any Django sign path could reach): {floor.rate:.1f} req/s, p99 {floor.p99}, "
                f"{floor.failed} not a redirect; "
                f"ratio {floor.rate / b_wrk.rate if b_wrk.rate else 0.0:.2f}x"
            )
    else:
        print("sign POST from wrk: skipped, wrk is not installed (apt install wrk)")
    print("targets: sign ≥0.50x baseline, p99 ≤100 ms, 0 errors; GETs ≥0.50x; fresh ≤5 s")
    if args.keep:
        print(f"(work folder kept: {work})")
    else:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per phase")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 4)))
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    pg = os.environ.get("DATABASE_URL", "")
    run(None, args)
    if pg.startswith("postgres"):
        run(pg, args)


if __name__ == "__main__":
    main()
