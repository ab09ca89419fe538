from django.urls import path

from . import views

urlpatterns = [
    path("young-people/<int:pk>/contacts/new/", views.contact_new, name="contact_new"),
    path("young-people/<int:pk>/call-back/", views.callback_attempt_new, name="callback_attempt_new"),
]
