"""Every casework room's pages, under the site's root (their URL names are global: no namespaces)."""
from django.urls import include, path

urlpatterns = [
    path("", include("casework.contacts.urls")),
    path("", include("casework.plans.urls")),
    path("", include("casework.worries.urls")),
    path("", include("casework.health.urls")),
    path("", include("casework.family.urls")),
    path("", include("casework.education.urls")),
    path("", include("casework.leaving_care.urls")),
    path("", include("casework.accounts.urls")),
    path("", include("casework.audit.urls")),
    path("", include("casework.staffing.urls")),
]
