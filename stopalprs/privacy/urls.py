from django.urls import path

from stopalprs.privacy import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/deletions/", views.deletions, name="deletions"),
    path("privacy/manage/", views.request_link, name="request_link"),
    path("privacy/manage/<str:token>/", views.manage, name="manage"),
    path("transparency/", views.transparency, name="transparency"),
]
