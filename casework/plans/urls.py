from django.urls import path

from . import views

urlpatterns = [
    path("young-people/<int:pk>/care-plan/", views.care_plan, name="care_plan"),
    path("young-people/<int:pk>/care-plan/new/", views.care_plan_new, name="care_plan_new"),
    path("young-people/<int:pk>/care-plan/<int:version>/", views.care_plan_version, name="care_plan_version"),
    path("young-people/<int:pk>/care-plan/<int:version>/copy-given/", views.care_plan_copy_given_view,
         name="care_plan_copy_given"),
    path("young-people/<int:pk>/placements/", views.placement_list, name="placement_list"),
    path("young-people/<int:pk>/placements/new/", views.placement_new, name="placement_new"),
    path("my-care-plan/", views.my_care_plan, name="my_care_plan"),
    path("my-care-plan/print/", views.my_care_plan_print, name="my_care_plan_print"),
]
