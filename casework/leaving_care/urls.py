from django.urls import path

from . import close_views, views

urlpatterns = [
    path("young-people/<int:pk>/pathway-plan/", views.pathway_plan, name="pathway_plan"),
    path("young-people/<int:pk>/pathway-plan/new/", views.pathway_plan_new, name="pathway_plan_new"),
    path("young-people/<int:pk>/pathway-plan/<int:version>/", views.pathway_plan_version,
         name="pathway_plan_version"),
    path("young-people/<int:pk>/pathway-plan/<int:version>/copy-given/", views.pathway_plan_copy_given_view,
         name="pathway_plan_copy_given"),
    path("young-people/<int:pk>/needs-assessment/new/", views.needs_assessment_new, name="needs_assessment_new"),
    path("young-people/<int:pk>/careers/new/", views.careers_meeting_new, name="careers_meeting_new"),
    path("young-people/<int:pk>/in-touch/new/", views.in_touch_check_new, name="in_touch_check_new"),
    path("my-pathway-plan/", views.my_pathway_plan, name="my_pathway_plan"),
    path("my-pathway-plan/print/", views.my_pathway_plan_print, name="my_pathway_plan_print"),
    path("my-pathway-plan/back-to-education/", views.return_to_education_new, name="return_to_education_new"),
    path("my-pathway-plan/staying-close/", views.staying_close_new, name="staying_close_new"),
    path("young-people/<int:pk>/staying-close/<int:request_pk>/answer/", close_views.staying_close_answer_view,
         name="staying_close_answer"),
    path("young-people/<int:pk>/council-accommodation/new/", close_views.council_accommodation_new,
         name="council_accommodation_new"),
    path("young-people/<int:pk>/council-accommodation/<int:home_pk>/end/", close_views.council_accommodation_end_view,
         name="council_accommodation_end"),
    path("my-grant/", views.my_grant, name="my_grant"),
    path("young-people/<int:pk>/grant/", views.grant, name="grant"),
    path("young-people/<int:pk>/grant/new/", views.grant_payment_new, name="grant_payment_new"),
]
