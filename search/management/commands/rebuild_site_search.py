"""Rebuild the site-search entries (search/indexing.py) from the live, public pages."""

from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "Re-create the site-search entries from the live, public pages."

    def handle(self, *args, **options):
        count = indexing.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} searchable pages."))
