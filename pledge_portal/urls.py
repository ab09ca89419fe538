from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Pledge Portal administration"
admin.site.site_title = "Pledge Portal"

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("notifications/", include("notifications.urls")),
    path("", include("casework.urls")),
    path("", include("casework.urls_family")),
    path("", include("casework.urls_education")),
    path("", include("casework.urls_leaving_care")),
    path("", include("reviews.urls")),
    path("", include("pledges.urls")),
]
