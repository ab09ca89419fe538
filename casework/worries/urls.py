from django.urls import path

from . import views

urlpatterns = [
    path("my-worries/", views.my_concerns, name="my_concerns"),
    path("my-worries/new/", views.concern_new, name="concern_new"),
    path("my-worries/<int:pk>/", views.my_concern, name="my_concern"),
    path("concerns/", views.concern_list, name="concern_list"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/acknowledge/", views.concern_acknowledge_view, name="concern_acknowledge"),
]
