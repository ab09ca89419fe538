from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: councils create staff accounts and workers invite young people."""

    def is_open_for_signup(self, request):
        return False
