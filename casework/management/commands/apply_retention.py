"""Anonymise the young people whose council's retention period has ended (casework.audit.retention). Beat runs it daily;
--dry-run lists who it would anonymise and changes nothing. Prints ids, never names."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from casework.audit.retention import retention_apply


class Command(BaseCommand):
    help = "Anonymise young people's records once their council's retention period has ended."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be anonymised; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        due = retention_apply(today=timezone.localdate(), dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        for item in due:
            self.stdout.write(f"{verb} young person {item.young_person.pk} ({item.young_person.council.short_name}): "
                              f"records kept until {item.retain_until:%-d %B %Y}")
        self.stdout.write(f"{verb} {len(due)} record{'' if len(due) == 1 else 's'}.")
