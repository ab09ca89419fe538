"""What every simulated person does to use the portal: its accounts, signing in through allauth's form, and posting
a form with its CSRF token. No Django imports: locust runs apart from the portal.

The portal runs as a council runs it (DEBUG off), behind a proxy that ends HTTPS: so each request says
X-Forwarded-Proto: https (which settings.SECURE_PROXY_SSL_HEADER trusts), a POST carries the Origin a browser
would send (Django checks it on HTTPS), and the session and CSRF cookies, marked Secure, are sent back as a
browser behind that proxy would.
"""
import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from pathlib import Path

from requests.cookies import RequestsCookieJar

ACCOUNTS_FILE = Path(os.environ.get("LOADTEST_ACCOUNTS", Path(__file__).resolve().parent.parent / "var" / "loadtest"
                                    / "accounts.json"))
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class BehindHttpsProxyJar(RequestsCookieJar):
    """Keeps the session's cookies as a browser talking HTTPS to the (imagined) proxy would, and sends them over the
    plain HTTP to gunicorn on 127.0.0.1: a Secure cookie is kept without the flag, which would stop it being sent."""

    def set_cookie(self, cookie, *args, **kwargs):
        cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


_addresses = itertools.count()


def own_address() -> str:
    """An address of this simulated person's own, as each real person comes from their own: the council's proxy
    says which in X-Forwarded-For (run.sh sets BEHIND_TRUSTED_PROXY, as a council behind a proxy does), and allauth
    allows 30 sign-ins a minute from one address, which 200 people from one would exceed. Nothing in the portal is
    relaxed for the load test. (198.18.0.0/15 is the range set aside for benchmarking networks.)"""
    n = next(_addresses)
    return f"198.18.{n // 250}.{n % 250 + 1}"


def proxy_headers(host: str, address: str) -> dict:
    """What the council's HTTPS proxy adds to each request it passes on: that it came over HTTPS, and from where."""
    return {"X-Forwarded-Proto": "https", "X-Forwarded-For": address, "Origin": f"https://{host}"}


_accounts = None
_handed_out: dict[str, itertools.count] = {}


def next_account(kind: str) -> dict:
    """The next account of a kind ("young_people", "caseholders", "managers") not yet used by a simulated person:
    each signs in once, to an account of their own (a code may be used only once, and the lockout counts per
    account)."""
    global _accounts
    if _accounts is None:
        loaded = json.loads(ACCOUNTS_FILE.read_text(encoding="utf-8"))
        staff = loaded["staff"]
        _accounts = {
            "young_people": loaded["young_people"],
            "caseholders": [s for s in staff if s["role"] != "manager" and s["caseload"]],
            "managers": [s for s in staff if s["role"] == "manager"],
        }
        for accounts in _accounts.values():
            random.Random(16).shuffle(accounts)
    counter = _handed_out.setdefault(kind, itertools.count())
    accounts = _accounts[kind]
    return accounts[next(counter) % len(accounts)]


def totp_code(secret: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows now (RFC 6238: HOTP of the 30-second step, SHA-1)."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def csrf_token(html: str) -> str | None:
    found = CSRF_INPUT.search(html)
    return found.group(1) if found else None


def sign_in(client, password: str, account: dict) -> bool:
    """allauth's sign-in form; then, for staff, the code step with a code from their authenticator app."""
    with client.get("/accounts/login/", name="sign in", catch_response=True) as page:
        token = csrf_token(page.text)
        if token is None:
            page.failure("no sign-in form")
            return False
    with client.post("/accounts/login/", name="sign in (POST)", catch_response=True,
                     data={"csrfmiddlewaretoken": token, "login": account["email"], "password": password}) as answer:
        expected = "/accounts/2fa/authenticate/" if "totp_secret" in account else None
        if not _signed_in_or_at(answer, expected):
            return False
    if "totp_secret" not in account:
        return True
    with client.post("/accounts/2fa/authenticate/", name="sign in: code (POST)", catch_response=True,
                     data={"csrfmiddlewaretoken": csrf_token(answer.text),
                           "code": totp_code(account["totp_secret"])}) as answer:
        return _signed_in_or_at(answer, None)


def _signed_in_or_at(answer, expected: str | None) -> bool:
    """Whether the answer landed where it should: the code step (`expected`), or past the sign-in pages."""
    landed = answer.url or ""
    ok = answer.ok and (expected in landed if expected else "/accounts/" not in landed)
    if not ok:
        answer.failure(f"sign-in stopped at {landed} ({answer.status_code})")
    return ok
