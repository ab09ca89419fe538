from django.core.management.base import BaseCommand

from pledges.loader import pledge_data_files, pledge_load


class Command(BaseCommand):
    help = "Load (or refresh) every council's pledge from pledges/pledge_data/. Safe to run again."

    def handle(self, *args, **options):
        for path in pledge_data_files():
            pledge, loaded = pledge_load(path=path)
            if not loaded:
                self.stdout.write(f"{pledge.council.short_name}: version {pledge.version} was made in Pledge Portal, "
                                  "so its pledge and measures are left as they are")
                continue
            promises = sum(section.promises.count() for section in pledge.sections.all())
            self.stdout.write(f"{pledge.council.short_name}: {pledge.title} – {promises} promises")
