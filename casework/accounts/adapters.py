"""allauth, the portal's way: nobody signs up; the lockout's words; and allauth's emails (the password reset) in the
council's name, with links to SITE_URL (the address people reach the portal at), never to whichever host and port
the request that asked for them happened to reach."""
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

PORTAL_NAME = "Pledge Portal"


@dataclass(frozen=True)
class EmailSender:
    """What allauth's email templates call `current_site`: who the email is from, and where the portal is."""

    name: str    # the council's name, or "Pledge Portal" when the address belongs to no council's account
    domain: str  # SITE_URL's host


def council_name_for_email(*, email: str, user=None) -> str:
    """The name of the council whose account the address (or user) is: a young person's or a worker's council.
    "Pledge Portal" for an address with no account, or an account with neither (the admin's own staff)."""
    from casework.people.models import User

    if user is None:
        user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return PORTAL_NAME
    for link in ("young_person", "worker"):
        person = getattr(user, link, None)  # the reverse one-to-one raises an AttributeError when there is none
        if person is not None:
            return person.council.name
    return PORTAL_NAME


def on_site_url(url: str) -> str:
    """The same path on SITE_URL: allauth builds links from the request's host."""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    return urlunsplit((site.scheme, site.netloc, site.path.rstrip("/") + parts.path, parts.query, parts.fragment))


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: councils create staff accounts and workers invite young people."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # The lockout (settings.ACCOUNT_RATE_LIMITS "login_failed"): say what happened and what to do, without
        # saying whether the email has an account (the same words for any email).
        "too_many_login_attempts": (
            "There have been too many attempts to sign in to this account. For your safety it is locked for "
            "15 minutes. Try again after that, or reset your password."
        ),
        "email_password_mismatch": "The email address or password is not right. Check them and try again.",
    }

    def is_open_for_signup(self, request):
        return False

    def authenticate(self, request, **credentials):
        """A closed (deactivated) account's right password gets exactly the answer a wrong one gets, and counts
        towards the lockout like one. allauth would otherwise hand such a user on to its "account inactive"
        page, telling whoever typed the password that it was right (and it does not count the try)."""
        user = super().authenticate(request, **credentials)
        if user is not None and not user.is_active:
            self.pre_authenticate(request, **credentials)  # counts the try again (allauth rolled it back)
            self.authentication_failed(request, **credentials)
            return None
        return user

    def send_mail(self, template_prefix, email, context):
        """Every allauth email (templates/account/email/) is signed by the council, not by "127.0.0.1:8102"."""
        name = council_name_for_email(email=email, user=context.get("user"))
        context = {**context, "current_site": EmailSender(name=name, domain=urlsplit(settings.SITE_URL).netloc),
                   "council_name": name, "site_url": settings.SITE_URL}
        return super().send_mail(template_prefix, email, context)

    def get_reset_password_from_key_url(self, key):
        return on_site_url(super().get_reset_password_from_key_url(key))
