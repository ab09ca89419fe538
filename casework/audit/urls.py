from django.urls import path

from . import views

urlpatterns = [
    path("young-people/<int:pk>/audit/", views.young_person_audit, name="young_person_audit"),
    path("young-people/<int:pk>/export/", views.young_person_export_view, name="young_person_export"),
    path("my-record/who-has-looked/", views.my_audit, name="my_audit"),
]
