from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = "Pledges and promises"

    def ready(self):
        from . import signals  # noqa: F401  (connects the ledger's receivers)
