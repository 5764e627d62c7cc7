from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from stopalprs.api.api import api

handler404 = "stopalprs.ops.errors.not_found"
handler500 = "stopalprs.ops.errors.server_error"

urlpatterns = [
    path("", include("stopalprs.campaigns.urls")),
    path("", include("stopalprs.signatures.urls")),
    path("", include("stopalprs.privacy.urls")),
    path("", include("stopalprs.lawmakers.urls")),
    path("", include("stopalprs.organizing.urls")),
    path("", include("stopalprs.integrity.urls")),
    path("", include("stopalprs.watch.urls")),
    path("", include("stopalprs.fights.urls")),
    path("", include("stopalprs.ops.urls")),
    path("", include("stopalprs.updates.urls")),
    path("api/v1/", api.urls),
    path("staff/", include("stopalprs.staff.urls")),
    path("admin/", admin.site.urls),
]
if settings.ANYMAIL:
    urlpatterns.append(path("hooks/anymail/", include("anymail.urls")))
