from django.urls import path

from stopalprs.watch import feeds, views

app_name = "watch"

urlpatterns = [
    path("watch/", views.index, name="index"),
    path("watch/wins/", views.wins, name="wins"),
    path("watch/report/", views.report, name="report"),
    path("watch/report/thanks/", views.report_thanks, name="report_thanks"),
    path("watch/feed.atom", feeds.EventsFeed(), name="feed"),
    path("watch/calendar.ics", feeds.calendar, name="calendar"),
    path("watch/events.ics", feeds.events_calendar, name="events_calendar"),
    path("watch/records/", views.records_letter, name="records"),
    path("watch/records/track/", views.records_track, name="records_track"),
    path("watch/records/t/<str:token>/", views.tracker, name="tracker"),
    path("watch/follow/<str:token>/", views.follow, name="follow"),
    path("watch/<slug:slug>/follow/", views.follow_start, name="follow_start"),
    path("watch/<slug:slug>/", views.jurisdiction, name="jurisdiction"),
]
