from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework: councils, teams, workers and young people"

    def ready(self):
        # Sign-in and two-step receivers (the idle clock; two-step done for this session).
        from . import account_security  # noqa: F401
