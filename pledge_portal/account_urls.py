"""The sign-in pages the portal exposes: an explicit allowlist of allauth's URLs, and the admin without a login of
its own.

allauth offers far more than the portal uses (managing one's own email addresses, signing up, signing in by an
emailed code, setting a password without the old one...). Each page left reachable is a way in: the email page
let a borrowed phone add an address and reset the password to it. So only the names below are kept from
allauth's own URL patterns; every other allauth address answers 404 (tests/test_sign_in_doors.py walks
allauth's patterns and fails on any reachable one not listed here). People do not change their sign-in address
in the portal: staff change User.email in the admin, and casework.accounts.sign_in_addresses keeps allauth's rows in
step.

The admin's own login page took a password alone (no code step, no lockout); its address now sends to
allauth's sign-in page, keeping ?next=, so there is exactly one way to sign in.
"""
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, include, path, reverse

ALLAUTH_URL_NAMES_IN_USE = {
    # Signing in and out (the code step for staff is mfa_authenticate).
    "account_login", "account_logout",
    # Where allauth sends an account that is closed, should it ever; the sign-in form itself answers a closed
    # account like a wrong password (casework.adapters).
    "account_inactive",
    # "Confirm it is you" before setting up two-step sign-in.
    "account_reauthenticate",
    # Forgotten password: ask for a link, the link's page, and the pages after each.
    "account_reset_password", "account_reset_password_done",
    "account_reset_password_from_key", "account_reset_password_from_key_done",
    # Two-step sign-in: the code step, confirming it is you with a code, setting up the app, recovery codes.
    "mfa_authenticate", "mfa_reauthenticate", "mfa_index", "mfa_activate_totp", "mfa_deactivate_totp",
    "mfa_view_recovery_codes", "mfa_generate_recovery_codes", "mfa_download_recovery_codes",
}


def only_named(patterns, names: set[str]) -> list:
    """allauth's URL patterns (nested includes and all) less every pattern whose name is not in `names`."""
    kept = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = only_named(pattern.url_patterns, names)
            if inner:
                kept.append(URLResolver(pattern.pattern, inner, pattern.default_kwargs, pattern.app_name,
                                        pattern.namespace))
        elif isinstance(pattern, URLPattern) and pattern.name in names:
            kept.append(pattern)
    return kept


def allauth_urls_in_use():
    from allauth import urls as allauth_urls

    return include(only_named(allauth_urls.urlpatterns, ALLAUTH_URL_NAMES_IN_USE))


@login_not_required
def admin_login_sends_to_allauth(request):
    """The admin's "log in" page: allauth's sign-in (with its code step and lockout) instead, keeping ?next=.
    Someone already signed in is sent here only because the admin is not for them (not is_staff): a 404, as for
    any page that is not theirs (allauth would send them straight back, round and round)."""
    if request.user.is_authenticated:
        raise Http404("The admin is only for the council's administrators")
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(reverse("account_login") + (f"?{query}" if query else ""))


def admin_urls_signing_in_with_allauth():
    patterns, app_name, namespace = admin.site.urls
    without_login = [pattern for pattern in patterns if getattr(pattern, "name", None) != "login"]
    return [path("login/", admin_login_sends_to_allauth, name="login"), *without_login], app_name, namespace
