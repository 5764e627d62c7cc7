from django.urls import path

from stopalprs.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("people/", views.people, name="people"),
    path("signatures/<uuid:public_id>/", views.signature, name="signature"),
    path("c/<slug:slug>/signatures.csv", views.export, name="export"),
    path("c/<slug:slug>/deliveries/", views.deliveries, name="deliveries"),
    path("deliveries/<int:pk>/<path:name>", views.delivery_file, name="delivery_file"),
]
