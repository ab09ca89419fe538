"""Rules about signed-in sessions, kept as middleware so no page can forget them.

Idle sign-out: a session unused for longer than the person's idle time (settings.STAFF_IDLE_MINUTES,
YOUNG_PERSON_IDLE_MINUTES) is ended, and the next page asks them to sign in again. The time of the last page
is kept in the session and written at most once a minute, so opening pages costs no extra query most of the time.

Staff two-step sign-in (settings.REQUIRE_STAFF_MFA): a member of staff must have typed a code from their
authenticator app IN THIS SESSION before any page. Only allauth.mfa's own signals say so: `authenticator_used`
(the code step of signing in, or of confirming it is you) and `authenticator_added` for an app (setting it up
checks a code from it). Nothing else counts: not having an app, not a page answering a POST. A member of staff
with no app yet may open only the pages that set one up; one who has an app but whose session never gave a code
(opened before the app was set up, or before two-step was required) is signed out, to sign in again with a code.
Once proved, the session says so (for that user) and no query is needed.

No caching: every page the portal answers (not the static files, which WhiteNoise serves before this) says
`Cache-Control: no-store`, so a shared computer's browser keeps no copy of a child's record or a download.
"""
import time

from allauth.mfa import signals as mfa_signals
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers

from casework.people.scoping import worker_for

LAST_SEEN = "portal_last_seen"  # seconds since the epoch, of the last page opened
TWO_STEP_DONE = "portal_two_step_done"
TOUCH_EVERY_SECONDS = 60


def is_staff_user(user) -> bool:
    """Anyone working for a council (a Worker record) or trusted with the admin."""
    return user.is_authenticated and (user.is_staff or worker_for(user) is not None)


def idle_limit_seconds(user) -> int:
    minutes = settings.STAFF_IDLE_MINUTES if is_staff_user(user) else settings.YOUNG_PERSON_IDLE_MINUTES
    return minutes * 60


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A health check (a probe, or a person's browser) neither ends nor extends a session.
        if request.path not in settings.HEALTH_CHECK_PATHS and request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > idle_limit_seconds(request.user):
                logout(request)
                messages.info(request, "You were signed out because you had not used the portal for a while. "
                                       "Sign in again to carry on.")
                return redirect(f"{reverse('account_login')}?next={request.get_full_path()}")
            if last_seen is None or now - last_seen >= TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


# The only pages a member of staff with NO authenticator app yet may open before two-step is done: setting one
# up (after confirming their password) and signing out. A member of staff who has an app gets none of them:
# their session must give a code first (so it cannot read recovery codes or set up another app).
TWO_STEP_SETUP_URL_NAMES = {"mfa_activate_totp", "mfa_index", "account_reauthenticate", "account_logout"}


def two_step_done(request) -> bool:
    # The user's id, not True: a session is only ever proved for the person who typed the code.
    return request.session.get(TWO_STEP_DONE) == request.user.pk


class StaffTwoStepMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REQUIRE_STAFF_MFA
            and request.path not in settings.HEALTH_CHECK_PATHS
            and is_staff_user(request.user)
            and not two_step_done(request)
            and not request.path.startswith(settings.STATIC_URL)
        ):
            if self.has_app(request.user):
                # They have an app but this session never asked for it: sign in again, which asks for a code.
                logout(request)
                messages.info(request, "Sign in again, with a code from your authenticator app.")
                return redirect("account_login")
            try:
                url_name = resolve(request.path_info).url_name
            except Resolver404:
                url_name = None
            if url_name not in TWO_STEP_SETUP_URL_NAMES:
                messages.info(request, "Before you can see any records, set up two-step sign-in with an "
                                       "authenticator app on your phone. It keeps the records of the children we "
                                       "look after safe.")
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def has_app(user) -> bool:
        return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


class NoStoreMiddleware:
    """Cache-Control: no-store (and Django's other never-cache headers) on every answer the portal's code gives."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


@receiver(user_logged_in)
def idle_clock_starts_at_sign_in(sender, request, user, **kwargs):
    # Stored with the sign-in's own session write, so the first page after it need not write again.
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = time.time()


@receiver(mfa_signals.authenticator_used)
def two_step_proved_by_a_code(sender, request, user, **kwargs):
    """A code (or recovery code) was checked: at sign-in (before the session is signed in: Django's login keeps
    the session's data), or when confirming it is you."""
    if request is not None:
        request.session[TWO_STEP_DONE] = user.pk


@receiver(mfa_signals.authenticator_added)
def two_step_proved_by_setting_up_an_app(sender, request, user, authenticator, **kwargs):
    """Setting up an app checks a code from it (allauth's ActivateTOTPForm). Recovery codes made alongside are
    also "added", but prove nothing: only the app counts."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        request.session[TWO_STEP_DONE] = user.pk


class MfaAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": (
            "Staff must keep two-step sign-in turned on. If you have a new phone, ask your council's "
            "Pledge Portal administrator to reset it."
        ),
        "incorrect_code": "That code is not right. Enter the 6-digit code your authenticator app shows now.",
    }

    def can_delete_authenticator(self, authenticator) -> bool:
        return not (settings.REQUIRE_STAFF_MFA and is_staff_user(authenticator.user))
