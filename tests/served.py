"""Helpers for tests/test_served.py: the portal collected and started as a council runs it (gunicorn, DEBUG off,
pledge_portal/gunicorn.conf.py), against this test's PostgreSQL database and Redis, and a small HTTP client for it."""
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from html import unescape
from pathlib import Path

import requests

from .celery_workers import REDIS_URL, ROOT, worker_database_url

SITE_URL = "https://pledges.testshire.example"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(static_root: Path, port: int) -> dict:
    """What a council's server sets (README, "Running it for a council"), pointed at this test's database. Not the
    test run's environment: nothing of DEBUG's or the tests' leaks in."""
    return {
        "PATH": os.environ["PATH"], "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": SITE_URL, "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": REDIS_URL, "STATIC_ROOT": str(static_root), "HOST": "127.0.0.1", "PORT": str(port),
        "WEB_CONCURRENCY": "2", "MAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def collect_static(env: dict) -> None:
    result = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr + result.stdout


def start_gunicorn(env: dict) -> subprocess.Popen:
    """gunicorn exactly as Procfile.production's web line starts it; its log goes to a file (a pipe nobody reads
    would fill and stall it)."""
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "pledge_portal/gunicorn.conf.py", "pledge_portal.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    process.log = log
    base = f"http://127.0.0.1:{env['PORT']}"
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, f"gunicorn stopped: {read_log(process)}"
        try:
            requests.get(f"{base}/accounts/login/", timeout=5, allow_redirects=False)
            return process
        except requests.ConnectionError:
            assert time.monotonic() < deadline, f"gunicorn did not answer: {read_log(process)}"
            time.sleep(0.2)


def read_log(process) -> str:
    process.log.seek(0)
    return process.log.read()


def stop_gunicorn(process: subprocess.Popen) -> None:
    """SIGTERM (a graceful stop), then its log printed, which pytest shows when a test fails."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    print(read_log(process))
    process.log.close()


class BehindTheProxy:
    """A browser reaching gunicorn through the council's TLS-terminating reverse proxy: every request says it came
    over HTTPS (X-Forwarded-Proto, which SECURE_PROXY_SSL_HEADER trusts), and says where the form came from (Origin,
    which Django's CSRF check compares with the host). The cookies are Secure, so they are kept here by hand: an
    HTTP client's cookie jar would not send them over the plain HTTP between proxy and gunicorn."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"X-Forwarded-Proto": "https", "Origin": self.origin, "Referer": self.origin + path,
                   **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = requests.request(method, self.base + path, headers=headers, allow_redirects=False, timeout=30,
                                    **kwargs)
        self.set_cookie_headers += response.raw.headers.getlist("Set-Cookie")
        for cookie in response.cookies:
            if cookie.value:
                self.cookies[cookie.name] = cookie.value
            else:
                self.cookies.pop(cookie.name, None)
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, data: dict) -> requests.Response:
        """The form on the page at `path`, sent with its CSRF token."""
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return self.request("POST", path, data={"csrfmiddlewaretoken": token, **data})


def local_path(location: str) -> str:
    """A redirect's Location as a path (Django gives paths; an absolute URL would be the proxy's https one)."""
    return re.sub(r"^https?://[^/]+", "", location)


def stylesheet_and_script(page_html: str) -> tuple[str, str]:
    return (unescape(re.search(r'<link rel="stylesheet" href="([^"]+)"', page_html).group(1)),
            unescape(re.search(r'<script type="module" src="([^"]+)"', page_html).group(1)))
