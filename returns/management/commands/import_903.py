"""`manage.py import_903 --council SLUG [--dry-run] FILE...`: import a council's SSDA903 return (CSV files, any
subset, or the XML form). Prints the headline and every problem; exits non-zero on any error (then nothing is
written)."""
from returns.importing.service import returns_import_903

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "Import a council's SSDA903 return (CSV files or the XML form)."
    importer = staticmethod(returns_import_903)
