"""Recompute every feed entry from scratch; write a change only where the item differs.

For a serializer change (every item's JSON moves on: each gets a new change) or to repair
entries after data was changed without signals (raw SQL, a queryset update in a shell).
Harmless to run twice: the second run finds nothing to change.
"""

from django.core.management.base import BaseCommand

from feeds import changelog


class Command(BaseCommand):
    help = "Recompute every feed entry; write changes only where an item differs."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", help="Only this kind (repeatable).")

    def handle(self, *args, kind=None, **options):
        total = changelog.Report()
        for name, report in changelog.rebuild(kind).items():
            self.stdout.write(f"{name}: {report}")
            total.add(report)
        self.stdout.write(self.style.SUCCESS(f"All feeds: {total}"))
