from django.urls import path

from stopalprs.ops import views

app_name = "ops"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("dev/outbox/", views.dev_outbox, name="dev_outbox"),
]
