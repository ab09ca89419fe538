from django.urls import path

from . import feedback_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("my-pledge/", views.my_pledge, name="my_pledge"),
    path("my-people/", views.my_people, name="my_people"),
    path("my-pledge/call-me/", views.callback_request_new, name="callback_request_new"),
    path("young-people/", views.caseload, name="caseload"),
    path("reviews/", views.iro_reviews, name="iro_reviews"),
    path("young-people/<int:pk>/pledge/", views.young_person_pledge, name="young_person_pledge"),
    path("young-people/<int:pk>/people/", views.young_person_people, name="young_person_people"),
    path("my-pledge/promises/<int:promise_pk>/tell-us/", feedback_views.feedback_new, name="feedback_new"),
    path("young-people/feedback/", feedback_views.feedback_list, name="feedback_list"),
    path("young-people/feedback/<int:pk>/reply/", feedback_views.feedback_reply, name="feedback_reply"),
]
