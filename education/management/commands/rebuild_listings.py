"""Rebuild the index pages' listings (education/models/listing.py) from the live, public pages."""

from django.core.management.base import BaseCommand

from education.models.listing import rebuild_all


class Command(BaseCommand):
    help = "Re-create the routine and guide index pages' listings from the live, public pages."

    def handle(self, *args, **options):
        count = rebuild_all()
        self.stdout.write(self.style.SUCCESS(f"Listed {count} pages on their index pages."))
