import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from stopalprs.ops.edge import EdgeCache

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stopalprs.settings")
# Public pages are answered again from the edge cache before Django runs (ops/edge.py).
application = EdgeCache(get_wsgi_application(), skip_prefix=settings.STATIC_URL or "/static/")

