from django.urls import path

from . import views

urlpatterns: list = [
    path("young-people/<int:pk>/education/", views.education, name="education"),
    path("young-people/<int:pk>/education/pep/new/", views.pep_new, name="pep_new"),
    path("young-people/<int:pk>/education/work-experience/new/", views.work_experience_new,
         name="work_experience_new"),
    path("young-people/<int:pk>/education/status/new/", views.education_status_new,
         name="education_status_new"),
    path("my-school/", views.my_school, name="my_school"),
]
