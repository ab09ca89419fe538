from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.delivery import notification_emails_catch_up
from notifications.sweep import sweep


class Command(BaseCommand):
    help = "Send the notifications that have fallen due now (what Celery beat runs on a schedule). Safe to run again."

    def handle(self, *args, **options):
        created = sweep()
        notification_emails_catch_up(now=timezone.now())
        self.stdout.write(f"{created} notification{'' if created == 1 else 's'} sent.")
