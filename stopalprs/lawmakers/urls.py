from django.urls import path

from stopalprs.lawmakers import views

app_name = "lawmakers"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
]
