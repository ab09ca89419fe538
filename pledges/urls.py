from django.urls import path

from . import version_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("my-pledge/", views.my_pledge, name="my_pledge"),
    path("my-people/", views.my_people, name="my_people"),
    path("my-pledge/call-me/", views.callback_request_new, name="callback_request_new"),
    path("young-people/", views.caseload, name="caseload"),
    path("reviews/", views.iro_reviews, name="iro_reviews"),
    path("young-people/<int:pk>/pledge/", views.young_person_pledge, name="young_person_pledge"),
    path("young-people/<int:pk>/people/", views.young_person_people, name="young_person_people"),
    path("pledge/versions/", version_views.pledge_versions, name="pledge_versions"),
    path("pledge/versions/new/", version_views.pledge_draft_new, name="pledge_draft_new"),
    path("pledge/versions/draft/", version_views.pledge_draft, name="pledge_draft"),
    path("pledge/versions/draft/promises/<int:pk>/edit/", version_views.pledge_draft_promise_edit,
         name="pledge_draft_promise_edit"),
    path("pledge/versions/draft/promises/<int:pk>/retire/", version_views.pledge_draft_promise_retire,
         name="pledge_draft_promise_retire"),
    path("pledge/versions/draft/sections/<int:pk>/add-promise/", version_views.pledge_draft_promise_add,
         name="pledge_draft_promise_add"),
    path("pledge/versions/draft/measures/<int:pk>/change/", version_views.pledge_draft_measure_change,
         name="pledge_draft_measure_change"),
    path("pledge/versions/draft/publish/", version_views.pledge_draft_publish, name="pledge_draft_publish"),
    path("pledge/versions/<int:pk>/", version_views.pledge_version, name="pledge_version"),
]
