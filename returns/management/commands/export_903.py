"""Write a council's SSDA903 return as the DfE's CSV files (header.csv, episodes.csv ...) into a directory:
one collection year with --year (2026 is 2025-26), or everything the portal holds without it."""
from django.core.management.base import BaseCommand

from returns.exporting.service import returns_export_903
from returns.management.commands._export import council_by_slug, write_files


class Command(BaseCommand):
    help = "Write a council's SSDA903 return (CSV files) from the portal's records."

    def add_arguments(self, parser):
        parser.add_argument("outdir", help="the directory to write the files into (made if missing)")
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--year", type=int, help="the collection year by its 31 March, e.g. 2026 for 2025-26")

    def handle(self, *args, outdir, council, year=None, **options):
        write_files(self, outdir, returns_export_903(council=council_by_slug(council), year=year))
