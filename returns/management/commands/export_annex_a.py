"""Write a council's Ofsted Annex A lists 8 (children in care) and 9 (care leavers) as they stand today, as CSV
(annex_a_list_8.csv, annex_a_list_9.csv) or XLSX files, into a directory."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from returns.exporting.service import returns_export_annex_a
from returns.management.commands._export import council_by_slug, write_files


class Command(BaseCommand):
    help = "Write a council's Annex A lists 8 and 9 from the portal's records."

    def add_arguments(self, parser):
        parser.add_argument("outdir", help="the directory to write the files into (made if missing)")
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--form", choices=["csv", "xlsx"], default="csv")

    def handle(self, *args, outdir, council, form="csv", **options):
        files = returns_export_annex_a(council=council_by_slug(council), today=timezone.localdate(), form=form)
        write_files(self, outdir, files)
