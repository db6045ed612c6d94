from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from directory.validators import validate_jurisdiction
from directory.verification import verify_licences


class Command(BaseCommand):
    help = (
        "Match a licensing board's roster (CSV with licence number, status and expiry "
        "columns) against our licences in one jurisdiction and record what the board says."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--jurisdiction", required=True, help="e.g. FL")
        parser.add_argument("--source", default="", help="Where the roster came from (URL).")
        parser.add_argument(
            "--clear-unlisted",
            action="store_true",
            help="Withdraw verification from our licences missing from the roster.",
        )

    def handle(self, *args, **options):
        jurisdiction = options["jurisdiction"].upper()
        try:
            validate_jurisdiction(jurisdiction)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        report = verify_licences(
            path, jurisdiction, source=options["source"], clear_unlisted=options["clear_unlisted"]
        )
        for row, field, reason in report.errors:
            self.stdout.write(f"row {row}, {field}: {reason}")
        for number in report.unlisted[:50]:
            self.stdout.write(f"not on the roster: {jurisdiction} {number}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.rows} roster rows: {report.matched} matched our licences "
                f"({report.changed_status} changed status), {report.not_ours} not listed with "
                f"us, {len(report.errors)} unreadable; {len(report.unlisted)} of ours not on "
                "the roster."
            )
        )
