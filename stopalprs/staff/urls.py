from django.urls import path

from stopalprs.staff import (
    campaign_views,
    fight_views,
    integration_views,
    integrity_views,
    organizer_views,
    update_views,
    views,
    watch_views,
)

app_name = "staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("people/", views.people, name="people"),
    path("signatures/<uuid:public_id>/", views.signature, name="signature"),
    path("campaigns/new/", campaign_views.campaign_new, name="campaign_new"),
    path("c/<slug:slug>/", campaign_views.dashboard, name="dashboard"),
    path("c/<slug:slug>/edit/", campaign_views.campaign_edit, name="campaign_edit"),
    path("c/<slug:slug>/victory/", campaign_views.campaign_victory, name="campaign_victory"),
    path("c/<slug:slug>/export/", campaign_views.export_choice, name="export_choice"),
    path("c/<slug:slug>/signatures.<str:fmt>", campaign_views.export_signatures, name="export"),
    path("organizers.<str:fmt>", campaign_views.export_organizers, name="export_organizers"),
    path("c/<slug:slug>/paper/", campaign_views.paper_batches, name="paper_batches"),
    path("paper/<int:pk>/", campaign_views.paper_batch, name="paper_batch"),
    path("updates/", update_views.updates, name="updates"),
    path("updates/new/", update_views.update_new, name="update_new"),
    path("updates/<int:pk>/", update_views.update, name="update"),
    path("c/<slug:slug>/deliveries/", views.deliveries, name="deliveries"),
    path("deliveries/<int:pk>/<path:name>", views.delivery_file, name="delivery_file"),
    path("organizers/", organizer_views.organizers, name="organizers"),
    path("organizers/search/", organizer_views.organizer_search, name="organizer_search"),
    path("organizers/<uuid:public_id>/", organizer_views.organizer, name="organizer"),
    path("hubs/", organizer_views.hubs, name="hubs"),
    path("integrity/", integrity_views.alerts, name="integrity"),
    path("c/<slug:slug>/integrity/", integrity_views.campaign_integrity, name="campaign_integrity"),
    path("integrity/<int:pk>/undo/", integrity_views.undo, name="integrity_undo"),
    path("integrations/", integration_views.integrations, name="integrations"),
    path("integrations/webhooks/<int:pk>/", integration_views.webhook, name="webhook"),
    path("c/<slug:slug>/import/", integration_views.crm_import, name="crm_import"),
    path("watch/reports/", watch_views.reports, name="watch_reports"),
    path("fights/", fight_views.fights, name="fights"),
    path("fights/<slug:slug>/outcome/", fight_views.outcome, name="fight_outcome"),
    path("hubs/<str:state>/<str:city>/", organizer_views.hub, name="hub"),
]
