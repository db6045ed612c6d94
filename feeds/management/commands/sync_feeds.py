"""The change log's periodic job (docs/operations.md): every few minutes, and right after
midnight in TIME_ZONE, when licences expire.

1. Items whose time has passed (a page's expire_at, the day a licence expires) become
   tombstones. Reads do this too, the first read after the moment; this makes sure it happens
   when nobody reads.
2. Pages that reached their go-live time without a publish event (live pages whose go_live_at
   was still ahead when they were published) are added.
3. Tombstones older than FEEDS_TOMBSTONE_RETENTION_DAYS are pruned, and the horizon moves.
Harmless to run twice.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from feeds import changelog
from feeds.models import FeedEntry


class Command(BaseCommand):
    help = "Tombstone expired items, add pages that went live by the clock, prune tombstones."

    def handle(self, *args, **options):
        now = timezone.now()
        expired = changelog.expire_due(now)
        added = changelog.Report()
        for kind, source in sorted(changelog.sources().items()):
            public = set(source.public_ids(kind))
            listed = set(
                FeedEntry.objects.filter(kind=kind, is_deleted=False).values_list(
                    "object_id", flat=True
                )
            )
            if missing := public - listed:
                added.add(changelog.refresh(kind, missing))
        pruned = changelog.prune_tombstones(now)
        self.stdout.write(
            f"{expired} expired, {added.counts['added']} added by the clock, "
            f"{pruned} old tombstones pruned"
        )
