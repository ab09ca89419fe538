from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_GET

from .account_urls import admin_urls_signing_in_with_allauth, allauth_urls_in_use
from .health import healthz, readyz

admin.site.site_header = "Pledge Portal administration"
admin.site.site_title = "Pledge Portal"


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to: send them to the portal's own icon (a plain P,
    no crown), served by whitenoise under its hashed static name. Not a permanent redirect: the hash changes when
    the icon does."""
    return redirect(static("favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    # For a load balancer and monitoring (pledge_portal.health); settings.HEALTH_CHECK_PATHS names them too.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # Only the allauth pages the portal uses; the admin signs in through them (pledge_portal.account_urls).
    path("accounts/", allauth_urls_in_use()),
    path("admin/", admin_urls_signing_in_with_allauth()),
    path("notifications/", include("notifications.urls")),
    path("", include("casework.urls")),
    path("", include("reviews.urls")),
    path("", include("pledges.urls")),
    path("", include("returns.urls")),
]
