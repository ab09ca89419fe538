"""Accounts: inviting a young person, their link from the email, deactivating a worker who has left."""
from django.urls import path

from . import views

urlpatterns = [
    path("young-people/<int:pk>/invite/", views.young_person_invite, name="young_person_invite"),
    path("invitation/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("workers/<int:worker_pk>/deactivate/", views.worker_deactivate_view, name="worker_deactivate"),
]
