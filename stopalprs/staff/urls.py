from django.urls import path

from stopalprs.staff import integrity_views, organizer_views, views, watch_views

app_name = "staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("people/", views.people, name="people"),
    path("signatures/<uuid:public_id>/", views.signature, name="signature"),
    path("c/<slug:slug>/signatures.csv", views.export, name="export"),
    path("c/<slug:slug>/deliveries/", views.deliveries, name="deliveries"),
    path("deliveries/<int:pk>/<path:name>", views.delivery_file, name="delivery_file"),
    path("organizers/", organizer_views.organizers, name="organizers"),
    path("organizers/search/", organizer_views.organizer_search, name="organizer_search"),
    path("organizers/<uuid:public_id>/", organizer_views.organizer, name="organizer"),
    path("hubs/", organizer_views.hubs, name="hubs"),
    path("integrity/", integrity_views.alerts, name="integrity"),
    path("c/<slug:slug>/integrity/", integrity_views.campaign_integrity, name="campaign_integrity"),
    path("integrity/<int:pk>/undo/", integrity_views.undo, name="integrity_undo"),
    path("watch/reports/", watch_views.reports, name="watch_reports"),
    path("hubs/<str:state>/<str:city>/", organizer_views.hub, name="hub"),
]
