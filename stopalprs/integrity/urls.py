from django.urls import path

from stopalprs.integrity import views

app_name = "integrity"

urlpatterns = [
    path("altcha/challenge/", views.challenge, name="challenge"),
]
