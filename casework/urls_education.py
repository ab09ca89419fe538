from django.urls import path

from . import education_views

urlpatterns: list = [
    path("young-people/<int:pk>/education/", education_views.education, name="education"),
    path("young-people/<int:pk>/education/pep/new/", education_views.pep_new, name="pep_new"),
    path("young-people/<int:pk>/education/work-experience/new/", education_views.work_experience_new,
         name="work_experience_new"),
    path("young-people/<int:pk>/education/status/new/", education_views.education_status_new,
         name="education_status_new"),
    path("my-school/", education_views.my_school, name="my_school"),
]
