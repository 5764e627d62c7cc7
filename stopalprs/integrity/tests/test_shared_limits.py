"""Rate limits hold across web processes when they share Redis (CACHE_URL)."""

from __future__ import annotations

import http.cookiejar
import socket
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import free_port, manage_process, prepare_process_db

REDIS = ("127.0.0.1", 6379)


def redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def sign(base: str, email: str) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(f"{base}/c/stop-alprs/", timeout=10).read().decode()
    assert 'action="/c/stop-alprs/"' in page
    data = urllib.parse.urlencode(
        {
            "first_name": "A",
            "last_name": "B",
            "email": email,
            "zip_code": "94110",
        }
    ).encode()
    request = urllib.request.Request(f"{base}/c/stop-alprs/", data, headers={"Referer": base})
    try:
        return opener.open(request, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not start")


@pytest.mark.skipif(not redis_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_two_web_processes_share_the_limits_through_redis(tmp_path: Path):
    import redis

    db = 13
    redis.Redis(*REDIS, db=db).flushdb()
    env = {"CACHE_URL": f"redis://127.0.0.1:6379/{db}"}
    prepare_process_db(tmp_path, env)
    ports = [free_port(), free_port()]
    servers = [
        manage_process(
            tmp_path,
            "runserver",
            f"127.0.0.1:{p}",
            "--noreload",
            env=env,
            log=tmp_path / f"server-{p}.log",
        )
        for p in ports
    ]
    try:
        for p in ports:
            wait_for(f"http://127.0.0.1:{p}")
        # The same client, one signature through each process, well within a minute.
        assert sign(f"http://127.0.0.1:{ports[0]}", "first@example.org") == 302
        assert sign(f"http://127.0.0.1:{ports[1]}", "second@example.org") == 302
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    script = (
        "from stopalprs.signatures.models import Signature as S;"
        "print(list(S.objects.order_by('pk').values_list('fraud_state', flat=True)))"
    )
    proc = manage_process(tmp_path, "shell", "-c", script, env=env)
    out, _ = proc.communicate(timeout=60)
    # The second process knew about the first one's signature: the burst limit (1 a minute)
    # made the second suspect. With a cache per process both would have counted.
    assert out.strip().splitlines()[-1] == "['ok', 'suspect']", out
    redis.Redis(*REDIS, db=db).flushdb()


@pytest.mark.fault
def test_without_redis_make_serves_workers_share_the_limits_and_forget_no_window(tmp_path: Path):
    """The embedded default: two gunicorn workers, no Redis, more addresses than a per-process
    LocMemCache keeps keys for. Every address's second signature within the minute is held."""
    from concurrent.futures import ThreadPoolExecutor

    from stopalprs.ops.tests.test_faults import OPENER, production_env, running_server

    port = free_port()
    env = production_env(tmp_path, port)  # WEB_WORKERS=2, TRUSTED_PROXIES=127.0.0.1
    addresses = [f"198.51.{n // 250}.{n % 250 + 1}" for n in range(320)]

    def post(base: str, n: int, address: str) -> int:
        data = urllib.parse.urlencode(
            {
                "first_name": "A",
                "last_name": "B",
                "email": f"rot{n}-{address}@gmail.com",
                "zip_code": "94110",
            }
        ).encode()
        request = urllib.request.Request(
            f"{base}/c/stop-alprs/", data, headers={"X-Forwarded-For": address}
        )
        try:
            return OPENER.open(request, timeout=30).status
        except urllib.error.HTTPError as error:
            return error.code

    with running_server(tmp_path, env) as (base, _server), ThreadPoolExecutor(8) as pool:
        for n in range(2):  # two rounds: each address signs twice, seconds apart
            statuses = list(pool.map(lambda a, n=n: post(base, n, a), addresses))
            assert set(statuses) == {302}, set(statuses)
    script = (
        "from collections import Counter;"
        "from stopalprs.signatures.models import Signature as S;"
        "print(dict(Counter(S.objects.values_list('fraud_state', flat=True))))"
    )
    proc = manage_process(tmp_path, "shell", "-c", script, env=env)
    out, _ = proc.communicate(timeout=60)
    counts = eval(out.strip().splitlines()[-1])  # noqa: S307 - our own script's dict
    assert counts == {"ok": 320, "suspect": 320}, counts


def test_the_disk_limits_cache_stays_open_from_request_to_request(tmp_path: Path) -> None:
    """Django closes every cache when a request ends; reopening diskcache's SQLite shards each
    time was most of a signature's cost (docs/performance.md)."""
    from django.core.cache import CacheHandler

    from stopalprs.lib.env import cache_config

    handler = CacheHandler({"limits": cache_config(f"disk://{tmp_path}")})
    cache = handler["limits"]
    cache.set("a", 1)
    # diskcache's own FanoutCache, under Django's interface
    shards = cache._cache._shards  # type: ignore[attr-defined]
    before = [getattr(shard._local, "con", None) for shard in shards]
    assert any(before)
    cache.close()  # what django.core.cache.close_caches does for each cache on request_finished
    assert [getattr(shard._local, "con", None) for shard in shards] == before
    assert cache.get("a") == 1
