from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.geonames import SAMPLE_FILE, load_postcodes


class Command(BaseCommand):
    help = (
        "Load postcode centroids from a GeoNames postal-code file (tab-separated, e.g. US.txt "
        "from download.geonames.org/export/zip/). Without a file, loads the bundled sample."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(SAMPLE_FILE))

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        created, updated, skipped = load_postcodes(path)
        self.stdout.write(
            self.style.SUCCESS(f"{created} postcodes added, {updated} updated, {skipped} skipped.")
        )
