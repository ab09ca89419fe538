from django.urls import path

from . import missing_views, views

urlpatterns = [
    path("my-worries/", views.my_concerns, name="my_concerns"),
    path("my-worries/new/", views.concern_new, name="concern_new"),
    path("my-worries/<int:pk>/", views.my_concern, name="my_concern"),
    path("concerns/", views.concern_list, name="concern_list"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/acknowledge/", views.concern_acknowledge_view, name="concern_acknowledge"),
    path("young-people/<int:pk>/missing/new/", missing_views.missing_episode_new, name="missing_episode_new"),
    path("young-people/<int:pk>/missing/<int:episode_pk>/return/", missing_views.missing_episode_return,
         name="missing_episode_return"),
]
