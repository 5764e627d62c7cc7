from django.urls import path

from stopalprs.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.detail, name="detail"),
    path("c/<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("c/<slug:slug>/confirmed/", views.confirmed, name="confirmed"),
    path("c/<slug:slug>.json", views.open_data, name="open_data"),
    path("share/mastodon/", views.share_mastodon, name="share_mastodon"),
]
