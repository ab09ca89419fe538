from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework: councils, teams, workers and young people"

    def ready(self):
        # Sign-in and two-step receivers (the idle clock; two-step done for this session).
        from .accounts import security  # noqa: F401, I001
        # allauth's email rows follow User.email (casework.accounts.sign_in_addresses).
        from .accounts import sign_in_addresses  # noqa: F401, I001
