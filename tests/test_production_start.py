"""With DEBUG off the portal will not start without what a council's server must say: SECRET_KEY, ALLOWED_HOSTS and
SITE_URL (the address every emailed link starts with). Each missing one is named, with what it is for."""
import os
import secrets
import subprocess
import sys

import pytest

from .browser import ROOT

COMPLETE = {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "pledges.council.example",
            "SITE_URL": "https://pledges.council.example/"}


def start(env):
    """`manage.py check` in a clean environment, as a council's server (or gunicorn) would start it."""
    return subprocess.run([sys.executable, "manage.py", "shell", "-c",
                           "from django.conf import settings as s; print(s.SITE_URL, s.ALLOWED_HOSTS)"],
                          cwd=ROOT, env={"PATH": os.environ["PATH"]} | env, capture_output=True, text=True)


def test_production_starts_with_all_three_and_site_url_loses_its_trailing_slash():
    result = start(COMPLETE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["https://pledges.council.example", "['pledges.council.example']"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"])
@pytest.mark.parametrize("how", ["unset", "empty"])
def test_production_refuses_to_start_naming_the_missing_variable(missing, how):
    env = {name: value for name, value in COMPLETE.items() if name != missing}
    if how == "empty":
        env[missing] = " "
    result = start(env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr
    assert "It is required when DEBUG is off." in result.stderr


def test_a_site_url_without_its_scheme_is_refused():
    result = start(COMPLETE | {"SITE_URL": "pledges.council.example"})
    assert result.returncode != 0
    assert "SITE_URL must start with https://" in result.stderr


def test_the_local_demo_needs_none_of_them():
    result = start({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split()[0] == "http://127.0.0.1:8000"


def procfile(name):
    return dict(line.split(":", 1) for line in (ROOT / name).read_text().splitlines()
                if line.strip() and not line.startswith("#"))


def test_production_runs_gunicorn_workers_and_exactly_one_beat():
    processes = procfile("Procfile.production")
    assert list(processes) == ["web", "worker", "beat"]  # web first: honcho hands the first process $PORT
    assert "gunicorn --config pledge_portal/gunicorn.conf.py pledge_portal.wsgi" in processes["web"]
    assert " worker " in processes["worker"] and "--beat" not in processes["worker"]
    assert [line for line in processes.values() if "beat" in line.split()] == [processes["beat"]]


def test_gunicorn_takes_its_address_and_workers_from_the_environment(monkeypatch):
    import runpy

    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.delenv("HOST", raising=False)
    config = runpy.run_path(str(ROOT / "pledge_portal" / "gunicorn.conf.py"))
    assert (config["bind"], config["workers"]) == ("127.0.0.1:8123", 3)
    assert config["accesslog"] is None  # the portal's own JSON line per request instead
    monkeypatch.setenv("HOST", "0.0.0.0")
    assert runpy.run_path(str(ROOT / "pledge_portal" / "gunicorn.conf.py"))["bind"] == "0.0.0.0:8123"
