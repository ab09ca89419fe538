from django.urls import path

from . import dashboard_views, feedback_views, team_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("my-pledge/", views.my_pledge, name="my_pledge"),
    path("my-people/", views.my_people, name="my_people"),
    path("my-pledge/call-me/", views.callback_request_new, name="callback_request_new"),
    path("young-people/", views.caseload, name="caseload"),
    path("reviews/", views.iro_reviews, name="iro_reviews"),
    path("young-people/<int:pk>/pledge/", views.young_person_pledge, name="young_person_pledge"),
    path("young-people/<int:pk>/people/", views.young_person_people, name="young_person_people"),
    path("dashboard/", dashboard_views.compliance_dashboard, name="compliance_dashboard"),
    path("dashboard/measures/<int:pk>/", dashboard_views.measure_detail, name="dashboard_measure"),
    path("dashboard/promises/<slug:ref>/answers/", dashboard_views.promise_feedback_list, name="dashboard_feedback"),
    path("in-care-council/", dashboard_views.in_care_council, name="in_care_council"),
    path("dashboard/workers/", team_views.dashboard_workers, name="dashboard_workers"),
    path("dashboard/workers/<int:worker_pk>/", team_views.dashboard_worker, name="dashboard_worker"),
    path("dashboard/workers/<int:worker_pk>/<slug:which>/", team_views.dashboard_worker_rows,
         name="dashboard_worker_rows"),
    path("dashboard/my-record/", team_views.my_record, name="my_record"),
    path("dashboard/stability/", team_views.dashboard_stability, name="dashboard_stability"),
    path("dashboard/stability/<slug:measure>/", team_views.dashboard_stability_list,
         name="dashboard_stability_list"),
    path("my-pledge/promises/<int:promise_pk>/tell-us/", feedback_views.feedback_new, name="feedback_new"),
    path("young-people/feedback/", feedback_views.feedback_list, name="feedback_list"),
    path("young-people/feedback/<int:pk>/reply/", feedback_views.feedback_reply, name="feedback_reply"),
]
