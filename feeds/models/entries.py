"""The change log: every public item's JSON, materialised when it changes, in one sequence.

Read far more than written: a feed or changes page is one indexed query over these rows plus
string concatenation, and an ETag is the last sequence number, read from `FeedState` (one row).

- `FeedEntry`: one row per object ever shown in a feed, keyed by (kind, object_id), holding
  its stable public `uuid` (assigned once, never reused, surviving moves and slug changes), its
  serialised item (`body`, the exact JSON a partner gets, id included), the item's `digest`
  (an edit that changes nothing a partner sees writes nothing) and the `seq` of its last
  change. A tombstone is the same row with `is_deleted` and a `reason`: the uuid survives an
  unpublish and a later republish, so a partner sees one item come and go.
- `FeedTerm`: the values feeds filter on ("area:neck", "icd:m54.50"), one row each.
- `FeedPoint`: a directory item's places, for near=lat,lng&radius=.
- `FeedState`: the sequence itself (its row is locked while a change is written, so sequence
  order is commit order and a cursor never skips a change committed late), the earliest moment
  an item leaves by the clock, and the tombstone retention horizon.
"""

import uuid

from django.db import models


class FeedEntry(models.Model):
    feed = models.CharField(max_length=16)  # "education" or "directory"
    kind = models.CharField(max_length=16)  # "routine", "modality", "guide", "therapist"
    object_id = models.BigIntegerField()
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    seq = models.BigIntegerField(unique=True)
    changed_at = models.DateTimeField()  # when this change was written (a tombstone's deleted_at)
    is_deleted = models.BooleanField(default=False)
    reason = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=35, blank=True)
    body = models.TextField()  # the item (or the tombstone) as served, compact JSON
    digest = models.CharField(max_length=64)
    # It leaves the feed by the clock at this moment (expire_at, a licence's expiry day), with
    # this reason; checked when read, and written as a tombstone by the first read after it.
    valid_until = models.DateTimeField(null=True, blank=True)
    expiry_reason = models.CharField(max_length=32, blank=True)
    # The change's JSON up to its body ({"op":...,"id":...,"type":...,"item": or "tombstone":),
    # written with it: a change page is then these and the bodies joined, no formatting per
    # row (bench/feeds.py, section 4).
    envelope_head = models.CharField(max_length=128, blank=True)

    class Meta:
        verbose_name = "feed entry"
        verbose_name_plural = "feed entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="feeds_entry_object"),
        ]
        indexes = [
            # A feed page: the live items of one feed in sequence order, after a cursor.
            models.Index(
                fields=["feed", "seq"],
                condition=models.Q(is_deleted=False),
                name="feeds_entry_live_seq",
            ),
            # The next item to leave by the clock.
            models.Index(
                fields=["valid_until"],
                condition=models.Q(is_deleted=False, valid_until__isnull=False),
                name="feeds_entry_valid_until",
            ),
            # Tombstones past retention.
            models.Index(
                fields=["changed_at"],
                condition=models.Q(is_deleted=True),
                name="feeds_entry_tombstone_age",
            ),
        ]

    def __str__(self):
        state = f"deleted ({self.reason})" if self.is_deleted else "live"
        return f"{self.kind} {self.object_id} #{self.seq} {state}"

    @property
    def urn(self):
        return f"urn:uuid:{self.uuid}"

    def set_envelope_head(self):
        self.envelope_head = envelope_head(self.urn, self.kind, self.is_deleted)


def envelope_head(urn, kind, deleted):
    """A change's JSON up to its body; the body and "}" complete it."""
    op, member = ("delete", "tombstone") if deleted else ("upsert", "item")
    return f'{{"op":"{op}","id":"{urn}","type":"{kind}","{member}":'


class FeedTerm(models.Model):
    entry = models.ForeignKey(FeedEntry, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=160)

    class Meta:
        indexes = [models.Index(fields=["term", "entry"], name="feeds_term_entry")]

    def __str__(self):
        return self.term


class FeedPoint(models.Model):
    entry = models.ForeignKey(FeedEntry, on_delete=models.CASCADE, related_name="points")
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"], name="feeds_point_lat_lng")]

    def __str__(self):
        return f"{self.latitude},{self.longitude}"


class FeedState(models.Model):
    """One row (pk 1), created by the migration."""

    last_seq = models.BigIntegerField(default=0)
    last_changed_at = models.DateTimeField(null=True, blank=True)
    # No live entry leaves by the clock before this (None: none ever does); may be early.
    next_expiry = models.DateTimeField(null=True, blank=True)
    # Every tombstone written since this moment is still kept; cursors from before the last
    # pruned change (`pruned_through_seq`) answer 410.
    tombstones_retained_since = models.DateTimeField(null=True, blank=True)
    pruned_through_seq = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "feed state"

    def __str__(self):
        return f"feed state at #{self.last_seq}"
