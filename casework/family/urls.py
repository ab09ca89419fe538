from django.urls import path

from . import views

urlpatterns: list = [
    path("my-people-who-matter/", views.my_important_people, name="my_important_people"),
    path("my-people-who-matter/new/", views.important_person_new, name="important_person_new"),
    path("my-achievements/", views.my_achievements, name="my_achievements"),
    path("my-achievements/new/", views.my_achievement_new, name="my_achievement_new"),
    path("young-people/<int:pk>/family/", views.family, name="family"),
    path("young-people/<int:pk>/family/new/", views.family_new, name="family_new"),
    path("young-people/<int:pk>/family/<int:person_pk>/confirm/", views.important_person_confirm_view,
         name="important_person_confirm"),
    path("young-people/<int:pk>/family/<int:person_pk>/explained/", views.restriction_explained,
         name="restriction_explained"),
    path("young-people/<int:pk>/identity/", views.identity, name="identity"),
    path("young-people/<int:pk>/identity/new/", views.identity_new, name="identity_new"),
    path("young-people/<int:pk>/achievements/", views.achievements, name="achievements"),
    path("young-people/<int:pk>/achievements/new/", views.achievement_new, name="achievement_new"),
    path("young-people/<int:pk>/achievements/<int:a_pk>/celebrated/", views.achievement_celebrated,
         name="achievement_celebrated"),
]
