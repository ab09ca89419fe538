from django.urls import path

from . import views

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("how-we-contact-you/", views.message_preferences, name="message_preferences"),
    path("mark-read/", views.notifications_mark_read, name="notifications_mark_read"),
]
