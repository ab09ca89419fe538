"""Every address the portal answers without signing in, and whether it signs a person in.

Django's LoginRequiredMiddleware sends anyone not signed in to the sign-in page, except for views marked
`login_not_required`. Each such view is a door: tests/test_sign_in_doors.py walks the URL patterns and fails on
a public view not declared here, and exercises each one that signs a person in: it must be rate limited (wrong
tries lock it, and while locked even the right one is refused) and, for staff under REQUIRE_STAFF_MFA, end in
the code step. Names are as `reverse()` takes them.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class PublicUrl:
    signs_in: bool
    why: str


PUBLIC_URLS = {
    "account_login": PublicUrl(True, "Email and password (allauth). Locked after 5 failures for one email or 20 from "
                                     "one address (ACCOUNT_RATE_LIMITS login_failed); anyone with an authenticator "
                                     "app goes on to the code step, mfa_authenticate."),
    "mfa_authenticate": PublicUrl(True, "The code step of a sign-in begun at account_login, for the person whose "
                                        "password was right; 5 wrong codes lock it (allauth.mfa, login_failed)."),
    "invitation_accept": PublicUrl(True, "A young person's link from their invitation: sets their first password and "
                                         "signs them in. Limited per address and per link (ACCOUNT_RATE_LIMITS "
                                         "accept_invitation). It only ever makes a young person's new account, never "
                                         "a member of staff's."),
    "admin:login": PublicUrl(False, "Sends to account_login, keeping ?next= (pledge_portal.account_urls): the "
                                    "admin has no sign-in of its own."),
    "account_logout": PublicUrl(False, "Only signs out."),
    "account_inactive": PublicUrl(False, "Words for a closed account; nothing to send."),
    "account_reset_password": PublicUrl(False, "Emails a reset link to the address's owner; the same answer for any "
                                               "address (allauth, rate limited: reset_password)."),
    "account_reset_password_done": PublicUrl(False, "Words: check your email."),
    "account_reset_password_from_key": PublicUrl(False, "Sets a new password from the emailed link, then they sign "
                                                        "in at account_login (ACCOUNT_LOGIN_ON_PASSWORD_RESET is "
                                                        "False)."),
    "account_reset_password_from_key_done": PublicUrl(False, "Words: your password is changed, sign in."),
    "favicon": PublicUrl(False, "Does not sign a person in, because it only redirects to the portal's icon, a "
                                "static file (pledge_portal.urls.favicon)."),
    "healthz": PublicUrl(False, "For a load balancer: says the process answers, nothing else (pledge_portal.health)."),
    "readyz": PublicUrl(False, "For a load balancer and monitoring: names the checks (database, migrations, broker, "
                               "beat) and whether each passed; nothing about a person (pledge_portal.health)."),
}
