from django.urls import path

from . import account_views, audit_views, health_views, views

urlpatterns = [
    path("young-people/<int:pk>/contacts/new/", views.contact_new, name="contact_new"),
    path("young-people/<int:pk>/call-back/", views.callback_attempt_new, name="callback_attempt_new"),
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

urlpatterns += [
    path("my-worries/", views.my_concerns, name="my_concerns"),
    path("my-worries/new/", views.concern_new, name="concern_new"),
    path("my-worries/<int:pk>/", views.my_concern, name="my_concern"),
    path("concerns/", views.concern_list, name="concern_list"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/acknowledge/", views.concern_acknowledge_view, name="concern_acknowledge"),
]

urlpatterns += [
    path("my-grant/", views.my_grant, name="my_grant"),
    path("young-people/<int:pk>/grant/", views.grant, name="grant"),
    path("young-people/<int:pk>/grant/new/", views.grant_payment_new, name="grant_payment_new"),
    path("young-people/<int:pk>/health/", health_views.health_checks, name="health_checks"),
    path("young-people/<int:pk>/health/new/", health_views.health_check_new, name="health_check_new"),
]

urlpatterns += [
    path("young-people/<int:pk>/audit/", audit_views.young_person_audit, name="young_person_audit"),
    path("young-people/<int:pk>/export/", audit_views.young_person_export_view, name="young_person_export"),
    path("my-record/who-has-looked/", audit_views.my_audit, name="my_audit"),
]

# Accounts: inviting a young person, their link from the email, deactivating a worker who has left.
urlpatterns += [
    path("young-people/<int:pk>/invite/", account_views.young_person_invite, name="young_person_invite"),
    path("invitation/<str:token>/", account_views.invitation_accept_view, name="invitation_accept"),
    path("workers/<int:worker_pk>/deactivate/", account_views.worker_deactivate_view, name="worker_deactivate"),
]
