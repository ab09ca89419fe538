from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = "Pledges and promises"

    def ready(self):
        from reviews.next_due import next_review_due_answered_by

        from . import signals  # noqa: F401  (connects the ledger's receivers)
        from .next_review import next_review_due_on

        next_review_due_answered_by(next_review_due_on)  # "Book the next review, due by ..." (reviews.views)
