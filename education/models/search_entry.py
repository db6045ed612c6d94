"""One row per live, public page for the site's full-text search (see education/search.py).

The full-text index itself is database-specific and created by a migration: an FTS5 table kept
in step by triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL.
Beware: on SQLite, a migration that alters this table rebuilds it and drops the triggers, so
such a migration must re-run the SQLite statements of migration 0003.
"""

from django.db import models


class SearchEntry(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
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
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.title
