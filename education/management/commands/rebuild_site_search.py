"""Rebuild the site-search index (education/search.py) from the live, public pages."""

from django.core.management.base import BaseCommand

from education import search


class Command(BaseCommand):
    help = "Re-create the site-search entries from the live, public pages."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} searchable pages."))
