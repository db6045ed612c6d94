import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from directory.importer import COLUMNS, import_directory, read_csv


class Command(BaseCommand):
    help = (
        "Import therapists, licences, clinics and locations from a CSV file (one row per "
        "therapist and location). Re-importing updates listings keyed by licence."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="CSV file with a header row. Columns: " + ", ".join(COLUMNS)
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; store nothing."
        )
        parser.add_argument(
            "--max-errors", type=int, default=200, help="Errors to print (all are counted)."
        )

    def handle(self, *args, **options):
        try:
            rows = read_csv(options["file"])
        except OSError as error:
            raise CommandError(f"Can't read {options['file']}: {error}") from None
        report = import_directory(rows, dry_run=options["dry_run"], progress=self.progress)
        for error in report.errors[: options["max_errors"]]:
            self.stdout.write(f"row {error.row}, {error.field}: {error.reason}")
        if len(report.errors) > options["max_errors"]:
            self.stdout.write(f"… and {len(report.errors) - options['max_errors']} more errors.")
        style = self.style.WARNING if report.errors else self.style.SUCCESS
        self.stdout.write(style(report.summary()))

    def progress(self, rows):
        # A bar only on a terminal: logs and CI get the summary alone.
        return tqdm(rows, unit=" rows", disable=not sys.stderr.isatty(), file=sys.stderr)
