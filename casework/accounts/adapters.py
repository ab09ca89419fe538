from allauth.account.adapter import DefaultAccountAdapter


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
