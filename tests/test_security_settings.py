"""Production settings: `check --deploy` is clean, and every page carries a strict Content Security Policy."""
import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

from .browser import ROOT
from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def production_env(**extra):
    """A clean environment as a council's server would have it (not the test run's, which allows async-unsafe
    database calls for Playwright)."""
    return {"PATH": os.environ["PATH"], "DEBUG": "false", "ALLOWED_HOSTS": "pledges.council.example",
            "SITE_URL": "https://pledges.council.example"} | extra


def test_check_deploy_with_the_production_environment_finds_nothing_to_warn_about():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(SECRET_KEY=secrets.token_urlsafe(50)), capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=production_env(),
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_every_page_has_a_strict_content_security_policy_and_may_not_be_framed(client, people):
    client.login(email=people.young_person.user.email, password=PASSWORD)
    response = client.get(reverse("my_pledge"))
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline': an inline <script> would not run
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_production_requires_staff_two_step_sign_in_and_locks_out_guessing():
    script = ("from django.conf import settings as s; "
              "print(s.REQUIRE_STAFF_MFA, s.STAFF_IDLE_MINUTES, s.YOUNG_PERSON_IDLE_MINUTES, "
              "s.ACCOUNT_RATE_LIMITS['login_failed'], s.CACHES['default']['BACKEND'])")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT,
                            env=production_env(SECRET_KEY=secrets.token_urlsafe(50)), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["True", "30", "480", "20/15m/ip,5/15m/key",
                                     "django.core.cache.backends.db.DatabaseCache"]


def test_messages_naming_a_child_stay_on_the_server_not_in_a_cookie(client, people):
    """A message such as "Invitation sent to ..." names a child or their address: kept in the session."""
    client.force_login(people.manager.user)  # a manager may invite any young person of their council
    sky = people.other_young_person
    sky.user = None
    sky.save()
    response = client.post(reverse("young_person_invite", args=[sky.pk]), {"email": "sky.birch@example.test"})
    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert "Invitation sent to sky.birch@example.test" in client.get(response["Location"]).content.decode()
