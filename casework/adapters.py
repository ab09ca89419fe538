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
