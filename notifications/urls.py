from django.urls import path

from . import views

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("mark-read/", views.notifications_mark_read, name="notifications_mark_read"),
]
