"""The portal served as a council serves it: gunicorn with workers (pledge_portal/gunicorn.conf.py), DEBUG off, static
files collected and served by whitenoise, against PostgreSQL and Redis. A worker signs in (password, then the code
from their authenticator app), opens their young people, and every answer carries the security headers; /readyz
answers a load balancer's plain-HTTP probe.

PostgreSQL and Redis only (CI, `bash .ci/run`): gunicorn is another process, so it must reach this test's database,
which transactional_db commits to. Locally:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_NAME CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \
    .venv/bin/python -m pytest tests/test_served.py --create-db
"""
import os
import re
import time

import pytest
import requests
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from .conftest import PASSWORD
from .served import (
    BehindTheProxy,
    collect_static,
    free_port,
    local_path,
    production_environment,
    start_gunicorn,
    stop_gunicorn,
    stylesheet_and_script,
)

pytestmark = pytest.mark.celery_worker


@pytest.fixture(scope="module")
def gunicorn_port(django_db_setup, tmp_path_factory):
    """One gunicorn for the module, on this test run's database (it reads whatever each test commits)."""
    if connection.vendor != "postgresql" or not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        pytest.skip("gunicorn is served against PostgreSQL and Redis only: set DATABASE_URL=postgres://... and "
                    "CELERY_BROKER_URL=redis://... (CI does)")
    port = free_port()
    env = production_environment(tmp_path_factory.mktemp("static"), port)
    collect_static(env)
    process = start_gunicorn(env)
    try:
        yield port
    finally:
        stop_gunicorn(process)


@pytest.fixture
def served(gunicorn_port, transactional_db):
    return gunicorn_port


def a_worker_with_an_authenticator_app(people):
    """Sita, with a password gunicorn can check (the tests' fast hasher is not in production's list) and an
    authenticator app (staff cannot open a page without the code step when DEBUG is off)."""
    user = people.social_worker.user
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt(), iterations=1000)
    user.save(update_fields=["password"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def assert_security_headers(response):
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == policy["script-src"] == policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "no-store" in response.headers["Cache-Control"]


def test_a_worker_signs_in_to_gunicorn_with_debug_off_and_every_answer_is_secured(served, people):
    user, secret = a_worker_with_an_authenticator_app(people)
    browser = BehindTheProxy(served)

    login_page = browser.get("/accounts/login/")
    assert login_page.status_code == 200
    assert_security_headers(login_page)

    password_step = browser.post_form("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert password_step.status_code == 302, password_step.text[:2000]
    code_page = local_path(password_step.headers["Location"])
    assert code_page == "/accounts/2fa/authenticate/"
    code = format_hotp_value(hotp_value(secret, int(time.time() // 30)))
    signed_in = browser.post_form(code_page, {"code": code})
    assert signed_in.status_code == 302, signed_in.text[:2000]

    caseload = browser.get("/young-people/")
    assert caseload.status_code == 200, caseload.text[:2000]
    assert "Robin Ash" in caseload.text or "Rob Ash" in caseload.text
    assert "Sky Birch" not in caseload.text  # another worker's young person
    assert_security_headers(caseload)
    # DEBUG is off: no debug page, and a page that does not exist is the portal's plain 404.
    missing = browser.get("/no-such-page/")
    assert missing.status_code == 404
    assert "Traceback" not in missing.text and "DEBUG = True" not in missing.text

    # Cookies only over HTTPS, and the session's out of JavaScript's reach.
    session_cookie = next(header for header in browser.set_cookie_headers if header.startswith("sessionid="))
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie
    assert all("Secure" in header for header in browser.set_cookie_headers)

    # The static files, collected and served by whitenoise with DEBUG off: the CSS (and every file it refers to,
    # GOV.UK's and MOJ's icons) and the JavaScript, long-cached under hashed names.
    stylesheet, script = stylesheet_and_script(caseload.text)
    assert re.fullmatch(r"/static/build/portal\.[0-9a-f]{12}\.css", stylesheet)
    css = browser.get(stylesheet)
    assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in css.headers["Cache-Control"]
    referred = set(re.findall(r'url\("?(/static/[^")]+)"?\)', css.text))
    assert referred, "the CSS refers to GOV.UK's and MOJ's images"
    for path in referred | {script, "/static/govuk/govuk-frontend.min.js"}:
        assert browser.get(path).status_code == 200, path



def test_plain_http_is_sent_to_https_and_a_stranger_host_is_refused(served):
    base = f"http://127.0.0.1:{served}"
    redirected = requests.get(f"{base}/accounts/login/", allow_redirects=False, timeout=30)
    assert redirected.status_code == 301
    assert redirected.headers["Location"] == f"https://127.0.0.1:{served}/accounts/login/"
    stranger = requests.get(f"{base}/accounts/login/", headers={"Host": "evil.example", "X-Forwarded-Proto": "https"},
                            allow_redirects=False, timeout=30)
    assert stranger.status_code == 400


def test_readyz_answers_a_load_balancers_plain_http_probe(served):
    """/readyz (pledge_portal.health): the database, migrations, Redis and beat, checked by gunicorn's worker."""
    ready = requests.get(f"http://127.0.0.1:{served}/readyz", allow_redirects=False, timeout=30)
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "ok", ready.text
    assert "Set-Cookie" not in ready.headers
