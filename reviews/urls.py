from django.urls import path

from . import views

urlpatterns = [
    path("young-people/<int:pk>/reviews/", views.review_list, name="review_list"),
    path("young-people/<int:pk>/reviews/new/", views.review_new, name="review_new"),
    path("young-people/<int:pk>/reviews/<int:review_pk>/consultation/", views.consultation_new,
         name="consultation_new"),
    path("young-people/<int:pk>/reviews/<int:review_pk>/held/", views.review_held, name="review_held"),
    path("young-people/<int:pk>/iro/change/", views.iro_change_new, name="iro_change"),
    path("my-reviews/views/", views.views_new, name="views_new"),
]
