"""One row per live page without a view restriction, for the site's full-text search
(search/ranking.py). Each row carries its page's go-live and expiry times, which every search
applies when it reads (home/visibility.py), so an expired page is never found or counted even
before `publish_scheduled` unpublishes it.

The full-text index over it is the database's own, created by migration 0001 from
search/schema.py: an FTS5 table kept in step by triggers on SQLite, a narrow vector table kept
in step by triggers on PostgreSQL. Beware: on SQLite, a migration that alters this table
rebuilds it and drops the triggers, so such a migration must create them again
(schema.create_index after schema.drop_index).
"""

from django.db import models


class SearchEntry(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # Where a hit links to, copied from the page (kept in step on publish, move and slug
    # changes), so a page of results needs no page lookups.
    url_path = models.TextField()
    kind = models.CharField(max_length=20, db_index=True)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Filter values as ",slug,slug," so one indexed table answers filtered searches.
    body_areas = models.CharField(max_length=500, blank=True)
    conditions = models.CharField(max_length=500, blank=True)
    difficulty = models.CharField(max_length=12, blank=True)
    total_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    reading_grade = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    # The page's schedule, copied on publish. Few pages have one: searches exclude the entries
    # outside their window through these two indexes, which hold only those few rows.
    go_live_at = models.DateTimeField(null=True, blank=True)
    expire_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_entry"
        verbose_name_plural = "search entries"
        indexes = [
            models.Index(
                fields=["go_live_at"],
                name="search_entry_go_live",
                condition=models.Q(go_live_at__isnull=False),
            ),
            models.Index(
                fields=["expire_at"],
                name="search_entry_expiry",
                condition=models.Q(expire_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title
