"""`manage.py import_annex_a --council SLUG [--dry-run] FILE...`: import Ofsted Annex A lists 8 and 9 (CSV or XLSX):
each date newer than what the portal holds becomes an event. Prints the headline and every problem; exits non-zero
on any error (then nothing is written)."""
from returns.importing.service import returns_import_annex_a

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import Ofsted Annex A lists 8 and 9 (CSV or XLSX)."
    importer = staticmethod(returns_import_annex_a)
