import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from stopalprs.ops.edge import EdgeCache
from stopalprs.ops.guard import CharsetGuard

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stopalprs.settings")
# Public pages are answered again from the edge cache before Django runs (ops/edge.py).
application = EdgeCache(
    CharsetGuard(get_wsgi_application()), skip_prefix=settings.STATIC_URL or "/static/"
)
# The URL patterns, and through them every view module, are otherwise imported by the first
# request: in each forked web worker again, in memory it does not share, while a signer waits.
_routes = get_resolver().reverse_dict

# What is loaded by now (Django, our modules, settings, URL patterns) lives as long as the
# process, yet each full pass of the cycle collector walked all of it again: 60-140 ms of a
# web worker's CPU at a time under a signing storm, its longest pauses (docs/performance.md).
# Frozen objects are left out of every collection; garbage from start-up is collected first.
gc.collect()
gc.freeze()
