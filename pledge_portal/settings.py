"""Settings for Pledge Portal.

Everything that differs between a laptop and a council's servers comes from the environment
(django-environ). With no environment at all the portal runs in DEBUG on SQLite under var/ with
Celery's filesystem broker, so `make run` works on a fresh machine. Production sets DEBUG=false,
SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis).
"""
import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from pledge_portal.logging_settings import logging_config  # absolute: tests read this file with runpy too

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)


def required_in_production(name: str, meaning: str) -> str:
    """A variable a council's server must set (DEBUG off): start-up stops with its name and what it is for, rather
    than run with a laptop's default (or with django-environ's bare KeyError)."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(missing_in_production(name, meaning))
    return value


def missing_in_production(name: str, meaning: str) -> str:
    return f"Set the {name} environment variable: {meaning}. It is required when DEBUG is off."


if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-pledge-portal")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
    # Where the portal is reached, for links in emails (which have no request to build them from).
    SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
else:
    SECRET_KEY = required_in_production("SECRET_KEY", "a long random string that signs sessions and links")
    ALLOWED_HOSTS = [host.strip() for host in env.list("ALLOWED_HOSTS", default=[]) if host.strip()]
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(missing_in_production(
            "ALLOWED_HOSTS", "the host names the portal answers to, comma-separated (e.g. pledges.council.gov.uk)"))
    # Every link in an email (invitations, password resets, reminders) starts with it: the address people reach
    # the portal at, e.g. https://pledges.council.gov.uk (never the address a web worker happens to listen on).
    SITE_URL = required_in_production(
        "SITE_URL", "the address people open the portal at, e.g. https://pledges.council.gov.uk").rstrip("/")
    if not SITE_URL.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"SITE_URL must start with https:// (it is {SITE_URL!r}).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",  # staff two-step sign-in: an authenticator app (TOTP) and recovery codes
    "crispy_forms",
    "crispy_forms_gds",
    # The portal's own apps, lowest first: each may import only those above it.
    "casework",
    "reviews",
    "pledges",
    "notifications",
    "returns",
]

MIDDLEWARE = [
    # First, so its one JSON line per request has the final status and the whole time, whatever answered (even an
    # SSL redirect or a static file), and the audit log below runs inside it (pledge_portal.request_log).
    "pledge_portal.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Everything below (every page, redirect and download the portal answers; not the static files above) says
    # Cache-Control: no-store, so no browser or proxy keeps a copy of a child's record (casework.accounts.security).
    "casework.accounts.security.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view says otherwise (allauth's views do).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Signs out anyone idle too long (staff sooner than young people), then sends staff without two-step
    # sign-in to set it up before anything else (casework.accounts.security).
    "casework.accounts.security.IdleSessionMiddleware",
    "casework.accounts.security.StaffTwoStepMiddleware",
    # Last, so it sees the answer the page gave: logs staff looking at and changing a young person's record.
    "casework.audit.middleware.AuditMiddleware",
]
# /healthz and /readyz (pledge_portal.health): the idle sign-out and the staff two-step step leave them alone, and
# the HTTPS redirect too (a load balancer probes over plain HTTP).
HEALTH_CHECK_PATHS = ("/healthz", "/readyz")
# Behind the council's own proxy only: the address it adds to X-Forwarded-For is the person's, for sign-in rate limits
# and the audit log alike (else all share the proxy's). Without such a proxy the header is whatever a browser sends.
BEHIND_TRUSTED_PROXY = env.bool("BEHIND_TRUSTED_PROXY", default=env.bool("AUDIT_BEHIND_TRUSTED_PROXY", default=False))
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if BEHIND_TRUSTED_PROXY else 0

# Messages ("Invitation sent to ...", "Jade's plan is saved") often name a child: keep them in the session
# (server side) rather than in a cookie the browser holds.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

ROOT_URLCONF = "pledge_portal.urls"
WSGI_APPLICATION = "pledge_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pledges.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pledge_portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The test database in a file, not in memory, so a Celery worker a test starts (another process) can
    # open it. The process id keeps two test runs on one machine from sharing (and deleting) one file.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-pledge-portal-{os.getpid()}.sqlite3")}
    # The demo's web server and Celery worker write to the one file at once (a council's recompute in batches
    # while a page saves a visit). Take the write lock when a transaction begins and wait up to 20 seconds for
    # it, rather than fail with "database is locked" when a reading transaction turns into a writing one.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the portal's page queries are small, but a correlated subquery's estimate can pass jit_above_cost,
    # and compiling it then costs 100-250 ms for 2 ms of work (the worktray at a council of 2,000, measured).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Each process keeps its connection (a new one per request cost PostgreSQL a new process, cold caches and all);
    # one the database dropped is replaced, not an error.
    DATABASES["default"].update(CONN_MAX_AGE=env.int("DATABASE_CONN_MAX_AGE", default=600), CONN_HEALTH_CHECKS=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "casework.User"
AUTHENTICATION_BACKENDS = ["casework.accounts.backends.PortalAuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email and password only. Nobody signs themselves up: young people are invited by
# their worker and staff are created by their council (see casework.accounts.adapters).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "casework.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "casework.accounts.forms.LoginForm",
    "reset_password": "casework.accounts.forms.PasswordResetForm",
}
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
# allauth's emails are in the portal's words and the council's name (templates/account/email/,
# casework.accounts.adapters.AccountAdapter.send_mail): no "[site name]" before their subjects.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# A password reset (and a sign-in) answers the same whether or not the email has an account; the
# owner of an address with no account is told by email that someone asked (allauth's default).
ACCOUNT_PREVENT_ENUMERATION = True
# No "keep me signed in": a session ends when the browser closes, or after the idle time below.
ACCOUNT_SESSION_REMEMBER = False
# Lockout: after 5 failed sign-ins for one email within 15 minutes, that account cannot sign in (even with
# the right password) until the oldest of them is 15 minutes old; one address may fail 20 times in 15
# minutes whatever emails it tries. A successful password reset lifts the lock. Counted in the cache,
# which must be shared by every web worker in production (CACHE_URL). The message is
# casework.accounts.adapters.AccountAdapter's.
# Setting a password from an invitation's link signs the young person in, so it is limited too: 20 tries in 15
# minutes from one address, 10 for one link (casework.accounts.views.invitation_accept_view).
ACCOUNT_RATE_LIMITS = {"login_failed": "20/15m/ip,5/15m/key", "accept_invitation": "20/15m/ip,10/15m/key"}
# A new password (from a reset link) does not sign anyone in: they sign in again, with the code step for staff.
# casework.accounts.public_urls relies on it.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False

# Staff two-step sign-in (allauth.mfa). Every member of staff (anyone with a Worker record, and the
# admin's staff) must set up an authenticator app before they can open any page; young people may not
# need it. On wherever DEBUG is off; `make run`'s demo (DEBUG) leaves it off so the demo logins work
# with a password alone. REQUIRE_STAFF_MFA=true turns it on locally too.
REQUIRE_STAFF_MFA = env.bool("REQUIRE_STAFF_MFA", default=not DEBUG)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Pledge Portal"
# A phone's clock may be a little out: accept the code before and after the current one (RFC 6238, 5.2).
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "casework.accounts.security.MfaAdapter"  # staff cannot turn two-step off; plainer messages
# Staff accounts are made by their council, with the council's own email address: nothing to verify.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_FORMS = {
    "activate_totp": "casework.accounts.forms.ActivateTotpForm",
    "authenticate": "casework.accounts.forms.AuthenticateForm",
    "reauthenticate": "casework.accounts.forms.ReauthenticateForm",
}

# Signed out after this long without a page being opened (casework.accounts.security.IdleSessionMiddleware).
# Staff open records about many children, often on shared office machines: 30 minutes. Young people are
# on their own phones, and being signed out mid-way through telling us something is unkind: 8 hours.
STAFF_IDLE_MINUTES = env.int("STAFF_IDLE_MINUTES", default=30)
YOUNG_PERSON_IDLE_MINUTES = env.int("YOUNG_PERSON_IDLE_MINUTES", default=8 * 60)
# The session row itself never outlives the longest idle time.
SESSION_COOKIE_AGE = YOUNG_PERSON_IDLE_MINUTES * 60

# The cache holds sign-in attempt counts (the lockout), so every web worker must share it. By default a table
# in the portal's own database (`manage.py createcachetable`, run by `make data`; Django's test runner makes
# it in the test database): shared by all workers, and sign-in keeps working when Redis is down.
# CACHE_URL=redis://host:6379/1 moves it to Redis.
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://portal_cache")}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files. GOV.UK Frontend comes from npm: its dist folder is served under static/govuk/, and the
# portal's Sass (static/src) is built into static/build/ by `npm run build` with the assets path set to
# /static/govuk/assets/ so the CSS's url()s resolve.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))  # `collectstatic` gathers them here
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at start-up if it is missing
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    # MOJ Frontend's icons (the filter's toggle, its tags' crosses): its Sass shares GOV.UK's images path, so they
    # are served beside GOV.UK's (collectstatic fails on a CSS url() it cannot find, and DEBUG would answer 404).
    ("govuk/assets", BASE_DIR / "node_modules" / "@ministryofjustice" / "frontend" / "moj" / "assets"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email goes through Django 6.1's MAILERS. Locally it is printed to the console.
MAILERS = {
    "default": {
        "BACKEND": env(
            "MAIL_BACKEND",
            default="django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Pledge Portal <no-reply@pledge-portal.invalid>")

# Texts through GOV.UK Notify: NOTIFY_API_KEY, NOTIFY_BASE_URL, NOTIFY_SMS_TEMPLATE_ID (pledge_portal.notify_settings).
from pledge_portal.notify_settings import NOTIFY_API_KEY, NOTIFY_BASE_URL, NOTIFY_SMS_TEMPLATE_ID  # noqa: E402,F401

# Celery. Out of the box: the filesystem broker under var/celery (no Redis needed). With
# CELERY_BROKER_URL=redis://... it uses Redis, with as many workers as the council needs.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # Its exchange tables too, under var/ (kombu's default is ./control, in the source tree).
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Redis hands a message a worker took but never acknowledged (the worker was killed, or its host
        # lost) to another worker after this long. It must outlast the longest task (CELERY_TASK_TIME_LIMIT)
        # and the longest wait before an email's retry (10 minutes, notifications.tasks), or a task still
        # running or waiting would be run a second time; shorter means a dead worker's work resumes sooner.
        "visibility_timeout": 30 * 60,
        # A Redis that is down or unreachable must not hold a young person's page: give up connecting after
        # 2 seconds (the email waits for the next sweep; notifications.delivery) rather than the OS's minutes.
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
# Publishing (from a web request, or a task) tries three times in under a second, then gives up and says so.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Acknowledge a task only once it has finished, so a worker killed mid-task (a deploy, the OOM killer, a
# lost host) leaves it on the queue for another worker; and if a worker's child process dies under a task,
# put the task back rather than count it done. Every task is safe to run twice: the sweep claims each row
# and writes its notifications in one transaction, and an email already delivered is not sent again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# With late acknowledgement a worker reserves one task at a time, so a slow sweep does not hold others back.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Tasks are sent to this queue unless a call names another. A test's worker sets its own, so the tasks
# its sweep enqueues (the emails) go to that worker and no other.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# A council's ledger (after publishing a pledge version, changing a measure, birthdays) is rebuilt by a Celery
# task in batches (pledges.ledger.runs), never inside a web request. `make run` starts a worker, so the demo's
# filesystem broker does it too. The tests set it False: the rebuild happens at once, in the same transaction.
PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND = env.bool("PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND", default=True)
# How often the deadline sweep looks for notifications that have fallen due. A reminder is at most this
# late; overlapping sweeps are safe (each ledger row is claimed), so it can be short.
PLEDGE_SWEEP_EVERY_MINUTES = env.int("PLEDGE_SWEEP_EVERY_MINUTES", default=15)
# /readyz says "not ready" (beat) when no sweep has finished for this long: three intervals, so one slow sweep or a
# missed tick does not take the site out of a load balancer, but a stopped beat (or no worker) shows within the hour.
READY_SWEEP_STALE_MINUTES = env.int("READY_SWEEP_STALE_MINUTES", default=3 * PLEDGE_SWEEP_EVERY_MINUTES)
# The morning digest (notifications.digest) goes on working days only; true: every day, for a council whose staff
# work every day (and tests/test_digest_celery.py, which runs on whatever day it is).
PLEDGE_DIGEST_EVERY_DAY = env.bool("PLEDGE_DIGEST_EVERY_DAY", default=False)
# Only tests/test_celery_worker_killed.py sets this: the sweep waits this long after claiming each row, so a
# test can kill its worker between the claim and the notifications.
PLEDGE_SWEEP_TEST_PAUSE_SECONDS = env.float("PLEDGE_SWEEP_TEST_PAUSE_SECONDS", default=0)
# Only tests/test_celery_worker_killed.py sets this: a ledger run waits this long after each batch it commits.
PLEDGE_LEDGER_TEST_PAUSE_SECONDS = env.float("PLEDGE_LEDGER_TEST_PAUSE_SECONDS", default=0)
# The beat schedule: every periodic job the portal runs, in this one place.
CELERY_BEAT_SCHEDULE: dict = {
    # Due-soon, overdue and escalation notifications from the promise ledger (notifications.sweep).
    "sweep-the-promise-ledger": {"task": "notifications.sweep_ledger", "schedule": PLEDGE_SWEEP_EVERY_MINUTES * 60},
    # Each working morning at 07:00 London time (CELERY_TIMEZONE), one email for each person on the daily digest.
    "morning-digest": {"task": "notifications.send_daily_digests", "schedule": crontab(hour=7, minute=0)},
    # Just after midnight: recompute young people whose birthday it is (promises start at 14, 16 and 18 and
    # keeping in touch ends at 25), before the first sweep of the day.
    "birthdays-on-the-promise-ledger": {"task": "notifications.ledger_birthdays", "schedule": crontab(hour=0, minute=5)},
    # In the quiet of the night: anonymise records whose council's retention period has ended
    # (casework.audit.retention).
    "apply-retention": {"task": "notifications.apply_retention", "schedule": crontab(hour=2, minute=30)},
    # Sessions that have ended (idle, or signed out) are deleted, not kept (Django's clearsessions).
    "clear-expired-sessions": {"task": "notifications.clear_expired_sessions", "schedule": crontab(hour=3, minute=0)},
    # Files uploaded for an import are children's records: deleted once the import is done, failed or left
    # unconfirmed for a week (returns.uploads.jobs); so are the zips of downloads, 24 hours after they were
    # prepared (returns.downloads.jobs). Hourly, so a zip is not kept much past its day.
    "clear-old-import-files": {"task": "returns.import_files_clear_old", "schedule": crontab(minute=15)},
    # An import or download whose task was lost (the broker down when it was enqueued) is sent again.
    "imports-catch-up": {"task": "returns.import_catch_up", "schedule": 15 * 60},
    "exports-catch-up": {"task": "returns.export_catch_up", "schedule": 15 * 60},
}

# How long the link in a young person's invitation to Pledge Portal works (casework.accounts.invitations).
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)

# The national recommended minimum leaving care grant (setting-up-home allowance), in pence: £3,000 from
# 1 April 2023 (it was £2,000 before). A manager sees a flag on the grant page where their council's grant
# (Council.leaving_care_grant_pence) is below it. Change it here, or in the environment, when it changes.
NATIONAL_LEAVING_CARE_GRANT_MINIMUM_PENCE = env.int("NATIONAL_LEAVING_CARE_GRANT_MINIMUM_PENCE", default=300000)

# Production hardening. `manage.py check --deploy` reads these when DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # HEALTH_CHECK_PATHS, as SecurityMiddleware matches them
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A strict Content Security Policy, in DEBUG too so the browser tests meet it: only the portal's own
# files, no inline script or style (GOV.UK Frontend starts from static/js/init.mjs), and never in a frame.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Logs: one JSON line per request and per task (pledge_portal/logging_settings.py says what and why).
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env("LOG_LEVEL", default="INFO"))
