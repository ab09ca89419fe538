from django.urls import path

from . import views

urlpatterns = [
    path("young-people/<int:pk>/health/", views.health_checks, name="health_checks"),
    path("young-people/<int:pk>/health/new/", views.health_check_new, name="health_check_new"),
]
