from django.urls import path

from stopalprs.fights import views

app_name = "fights"

urlpatterns = [
    path("fights/", views.index, name="index"),
    path("fights.json", views.fights_json, name="json"),
    path("fights/calendar.ics", views.all_calendar, name="calendar"),
    path("fights/comment/<str:token>/", views.confirm, name="confirm"),
    path("fights/<slug:slug>/", views.detail, name="detail"),
    path("fights/<slug:slug>.json", views.fight_json, name="fight_json"),
    path("fights/<slug:slug>/calendar.ics", views.fight_calendar, name="fight_calendar"),
    path("fights/<slug:slug>/contact/", views.contact, name="contact"),
    path(
        "fights/<slug:slug>/contact/<int:pk>/<str:channel>/",
        views.contact_go,
        name="contact_go",
    ),
    path("fights/<slug:slug>/meetings/<int:pk>/", views.meeting, name="meeting"),
    path("fights/<slug:slug>/meetings/<int:pk>/sent/", views.comment_sent, name="comment_sent"),
]
