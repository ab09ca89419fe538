from django.contrib import admin
from django.urls import include, path

from .account_urls import admin_urls_signing_in_with_allauth, allauth_urls_in_use

admin.site.site_header = "Pledge Portal administration"
admin.site.site_title = "Pledge Portal"

urlpatterns = [
    # Only the allauth pages the portal uses; the admin signs in through them (pledge_portal.account_urls).
    path("accounts/", allauth_urls_in_use()),
    path("admin/", admin_urls_signing_in_with_allauth()),
    path("notifications/", include("notifications.urls")),
    path("", include("casework.urls")),
    path("", include("reviews.urls")),
    path("", include("pledges.urls")),
    path("", include("returns.urls")),
]
