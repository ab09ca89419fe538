"""A manager's staffing pages (casework.staffing.views)."""
from django.urls import path

from . import views

urlpatterns = [
    path("manage/", views.manage, name="manage"),
    path("manage/young-people/new/", views.young_person_new, name="young_person_new"),
    path("manage/teams/<int:team_pk>/duty/", views.team_duty, name="team_duty"),
    path("manage/workers/<int:worker_pk>/absence/", views.worker_absence, name="worker_absence"),
    path("young-people/<int:pk>/workers/", views.young_person_workers, name="young_person_workers"),
    path("young-people/<int:pk>/workers/<str:role>/", views.allocation_move_view, name="allocation_move"),
]
