"""Settings helpers: every value comes from the environment, validated here.

Like healthchecks' ``hc/settings.py``: small typed readers, so that a typo in a deployment
fails at start-up with a message that names the variable, instead of somewhere later.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in TRUE:
        return True
    if raw.strip().lower() in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def dev_secret(var_dir: Path, name: str, generate: Callable[[], str] | None = None) -> str:
    """Return a random secret kept in ``var/`` so development restarts keep sessions and data.

    Only used when DEBUG is on; production refuses to start without the real variable.
    """
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / f"{name.lower()}.secret"
    if not path.exists():
        path.write_text(generate() if generate else secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def cache_config(url: str) -> dict[str, Any]:
    """Translate ``CACHE_URL`` into a Django ``CACHES['default']`` entry.

    ``locmem://`` (the default) keeps a cache per process; ``redis://host:port/db`` shares one
    between processes, which rate limits and counts need once there are several.
    """
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "disk":
        # diskcache: SQLite files under ``disk:///abs/path`` that every process on the machine
        # shares, with atomic increments and no cap on the number of keys (LocMemCache keeps
        # 300 per process and forgets the oldest, which let a load from a few hundred
        # addresses slip every rate limit). A busy shard is waited for, up to a second, rather
        # than answered as a miss.
        return {
            "BACKEND": "stopalprs.lib.diskcache_backend.PersistentDiskCache",
            "LOCATION": parts.path,
            "SHARDS": 8,
            "DATABASE_TIMEOUT": 1.0,
            "OPTIONS": {"size_limit": 2**30, "eviction_policy": "none"},
        }
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL: unsupported scheme {scheme!r} (locmem, disk, redis, dummy)"
    )


def mailers_config(url: str, *, outbox_dir: Path) -> dict[str, Any]:
    """Translate ``EMAIL_URL`` into Django's ``MAILERS`` setting (new in Django 6.1).

    - ``outbox://`` (the default): messages are written to ``var/outbox/`` and shown at
      ``/dev/outbox/``, so a newcomer can click a confirmation link without a mail server;
    - ``smtp://user:password@host:port`` (``?tls=1`` for STARTTLS), ``smtps://`` for TLS;
    - ``console://`` prints messages; ``memory://`` keeps them in ``django.core.mail.outbox``;
    - ``anymail+<esp>://?<option>=<value>`` sends through an email service's API with
      django-anymail, e.g. ``anymail+postmark://?server_token=…`` or
      ``anymail+mailgun://?api_key=…&sender_domain=mg.example.org``; the options are the
      backend's own (see anymail's docs for each service).
    """
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    scheme = parts.scheme
    if scheme.startswith("anymail+"):
        esp = scheme.removeprefix("anymail+")
        if not esp.replace("_", "").isalnum():
            raise ImproperlyConfigured(f"EMAIL_URL: not an anymail service name: {esp!r}")
        return {"default": {"BACKEND": f"anymail.backends.{esp}.EmailBackend", "OPTIONS": query}}
    backends = {
        "outbox": "stopalprs.emails.outbox.OutboxBackend",
        "console": "django.core.mail.backends.console.EmailBackend",
        "memory": "django.core.mail.backends.locmem.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if scheme not in backends:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unsupported scheme {scheme!r} ({', '.join(backends)})"
        )
    options: dict[str, Any] = {}
    if scheme == "outbox":
        options = {"path": str(outbox_dir)}
    elif scheme in {"smtp", "smtps"}:
        options = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": scheme == "smtps",
            "use_tls": query.get("tls", "0").lower() in TRUE,
            "timeout": int(query.get("timeout", "10")),
        }
    return {"default": {"BACKEND": backends[scheme], "OPTIONS": options}}
