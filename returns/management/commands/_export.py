"""What the export commands share: finding the council and writing the files into a directory."""
from pathlib import Path

from django.core.management.base import CommandError

from casework.models import Council


def council_by_slug(slug: str) -> Council:
    try:
        return Council.objects.get(slug=slug)
    except Council.DoesNotExist:
        raise CommandError(f"There is no council with the slug {slug!r}.") from None


def write_files(command, directory: str, files: dict[str, bytes]) -> None:
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (out / name).write_bytes(content)
        command.stdout.write(f"Wrote {out / name}")
