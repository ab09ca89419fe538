"""What import_903 and import_annex_a share: the arguments, reading the files, printing the summary."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.models import Council


class ImportCommand(BaseCommand):
    importer = None  # returns_import_903 or returns_import_annex_a

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, council, dry_run, files, **options):
        found = Council.objects.filter(slug=council).first()
        if found is None:
            raise CommandError(f"There is no council with the slug {council}.")
        read = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name} is not a file.")
            read.append((path.name, path.read_bytes()))
        summary = type(self).importer(council=found, files=read, dry_run=dry_run)
        self.stdout.write(("Dry run (nothing written): " if dry_run else "") + summary.headline())
        for item in summary.problems:
            where = ", ".join(part for part in (item.file, f"line {item.line}" if item.line else "",
                                                f"column {item.column}" if item.column else "",
                                                f"value {item.value!r}" if item.value is not None else "") if part)
            self.stdout.write(f"{item.severity.upper()} ({where}): {item.message}")
        if summary.has_errors:
            raise CommandError(f"{len(summary.errors)} errors: nothing was written.")
