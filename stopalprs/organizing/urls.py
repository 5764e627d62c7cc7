from django.urls import path

from stopalprs.organizing import views

app_name = "organizing"

urlpatterns = [
    path("organize/", views.intake, name="intake"),
    path("organize/thanks/", views.thanks, name="thanks"),
    path("organize/confirm/<str:token>/", views.confirm, name="confirm"),
    path("organize/welcome/", views.welcome, name="welcome"),
]
