"""Writing the change log: what a content app's FeedSource builds becomes entries in sequence.

`refresh(kind, ids, reason_hint)` is the one write path. It asks the kind's source for each
object's item (or why it is hidden), compares digests with what partners already have and
writes only what differs: a changed item is an upsert with a new sequence number, an object
that left the public set is a tombstone with a reason, an unchanged one writes nothing.

Sequence numbers come from the one FeedState row, locked for the rest of the transaction
(`SELECT ... FOR UPDATE` on PostgreSQL; SQLite writers are serialised anyway), so a change with
a lower number can never commit after one with a higher number: a partner whose cursor has
passed a number has seen everything below it.
"""

import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.module_loading import import_string

from feeds.items import REASONS, FeedItem, Hidden
from feeds.models import FeedEntry, FeedPoint, FeedState, FeedTerm

logger = logging.getLogger("fascia.feeds")

SOURCES = getattr(
    settings,
    "FEED_SOURCES",
    ["education.feed.EducationFeedSource", "directory.feed.DirectoryFeedSource"],
)
# What a partner sees change only because a page was published again unchanged: left out of
# the digest, so republishing the same content writes no change.
VOLATILE_ITEM_MEMBERS = ("date_modified",)
VOLATILE_EXTENSION_MEMBERS = ("last_published_at",)
CHUNK = 200
STATE_KEY = "feeds:state"  # feeds/reading.py's cached copy of the FeedState row


def sources():
    """{kind: FeedSource instance} for every configured source."""
    found = {}
    for path in SOURCES:
        source = import_string(path)()
        for kind in source.kinds:
            found[kind] = source
    return found


def source_for(kind):
    try:
        return sources()[kind]
    except KeyError:
        raise ValueError(f"No feed source serves the kind {kind!r}.") from None


def dumps(value):
    # ASCII (non-ASCII as \\u escapes): a page of bodies is then joined, encoded and sent as
    # one-byte text; an en dash in one listing made Python handle a 3 MB page at two bytes per
    # character (bench/feeds.py: 32 ms a directory page, 17.5 ms in ASCII).
    return json.dumps(value, cls=DjangoJSONEncoder, separators=(",", ":"))


def digest_of(item, terms=(), points=()):
    """The digest of what a partner sees, less the members that move on every republish, and
    of what it is found by (its filter terms and places: a tag or a related modality can change
    without changing the item's JSON, and the filters and token scopes must follow)."""
    stable = {k: v for k, v in item.items() if k not in VOLATILE_ITEM_MEMBERS}
    stable["_terms"] = sorted(set(terms))
    stable["_points"] = sorted(points)
    extension = stable.get("_fascia")
    if isinstance(extension, dict):
        stable["_fascia"] = {
            k: v for k, v in extension.items() if k not in VOLATILE_EXTENSION_MEMBERS
        }
    return hashlib.sha256(json.dumps(stable, cls=DjangoJSONEncoder, sort_keys=True).encode())


def item_body(entry, built):
    """The served item: the stable id first, then the source's members."""
    return dumps({"id": entry.urn, **built.item})


def tombstone_body(entry, reason, deleted_at):
    return dumps(
        {
            "id": entry.urn,
            "type": entry.kind,
            "deleted_at": deleted_at,
            "reason": reason,
        }
    )


@dataclass
class Report:
    """What a refresh wrote, by outcome."""

    counts: Counter = field(default_factory=Counter)

    def add(self, other):
        self.counts.update(other.counts)
        return self

    def __str__(self):
        parts = [f"{self.counts[key]} {key}" for key in ("added", "updated", "removed")]
        return ", ".join(parts) + f"; {self.counts['unchanged']} unchanged"


def refresh(kind, ids, reason_hint=None):
    """Bring the entries of these objects of one kind in line with what the public sees."""
    ids = sorted(set(ids))
    report = Report()
    source = source_for(kind) if ids else None
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # Built and written under the state row's lock: two workers refreshing the same item
        # at once take turns, so an item built from older data never lands after a newer one,
        # and two first publications never race to create the same entry.
        with transaction.atomic():
            state = FeedState.objects.select_for_update().get(pk=1)
            built = source.build(kind, chunk, reason_hint=reason_hint)
            report.add(write(state, source.feed, kind, chunk, built))
    return report


def rebuild(kinds=None):
    """Refresh every public object and every object with a live entry, of these kinds (all by
    default): {kind: Report}. rebuild_feeds and the Site's change use it."""
    reports = {}
    for name, source in sorted(sources().items()):
        if kinds and name not in kinds:
            continue
        ids = set(source.public_ids(name))
        ids |= set(
            FeedEntry.objects.filter(kind=name, is_deleted=False).values_list(
                "object_id", flat=True
            )
        )
        reports[name] = refresh(name, ids)
    return reports


def refresh_keys(keys, reason_hint=None):
    """refresh() for [(kind, id)] of any kinds."""
    by_kind = {}
    for kind, object_id in keys:
        by_kind.setdefault(kind, set()).add(object_id)
    report = Report()
    for kind, ids in by_kind.items():
        report.add(refresh(kind, ids, reason_hint))
    return report


def write(state, feed, kind, ids, built):
    """Compare built items with the stored entries and write the differences in sequence.
    `state`: the FeedState row, locked by the caller's transaction."""
    existing = {e.object_id: e for e in FeedEntry.objects.filter(kind=kind, object_id__in=ids)}
    now = timezone.now()
    upserts, tombstones, report = [], [], Report()
    for object_id in ids:
        result = built.get(object_id) or Hidden(kind, object_id, "deleted")
        entry = existing.get(object_id)
        if isinstance(result, FeedItem):
            digest = digest_of(result.item, result.terms, result.points).hexdigest()
            if unchanged(entry, digest, result):
                report.counts["unchanged"] += 1
                continue
            upserts.append((entry, result, digest))
            report.counts["updated" if entry and not entry.is_deleted else "added"] += 1
        elif entry is not None and not entry.is_deleted:
            tombstones.append((entry, result.reason))
            report.counts["removed"] += 1
        else:
            report.counts["unchanged"] += 1  # never shown, or already gone
    if upserts or tombstones:
        seqs = iter(allocate(state, len(upserts) + len(tombstones), now, upserts))
        save_upserts(feed, kind, upserts, seqs, now)
        save_tombstones(tombstones, seqs, now)
    return report


def forget_state():
    """The state row changed: readers read it again once this transaction commits."""
    transaction.on_commit(lambda: cache.delete(STATE_KEY))


def unchanged(entry, digest, built):
    return (
        entry is not None
        and not entry.is_deleted
        and entry.digest == digest
        and entry.valid_until == built.valid_until
    )


def allocate(state, count, now, upserts=()):
    """`count` new sequence numbers from the locked state row."""
    first = state.last_seq + 1
    state.last_seq += count
    state.last_changed_at = now
    for _entry, built, _digest in upserts:
        if built.valid_until and (not state.next_expiry or built.valid_until < state.next_expiry):
            state.next_expiry = built.valid_until
    if state.tombstones_retained_since is None:
        state.tombstones_retained_since = now
    state.save()
    forget_state()
    return range(first, first + count)


def save_upserts(feed, kind, upserts, seqs, now):
    new, changed = [], []
    for entry, built, digest in upserts:
        if entry is None:
            entry = FeedEntry(feed=feed, kind=kind, object_id=built.object_id)
            new.append(entry)
        else:
            changed.append(entry)
        entry.seq, entry.changed_at, entry.digest = next(seqs), now, digest
        entry.is_deleted, entry.reason = False, ""
        entry.set_envelope_head()
        entry.language = built.language
        entry.valid_until, entry.expiry_reason = built.valid_until, built.expiry_reason
        entry.body = item_body(entry, built)
    # Sequence numbers are unique: an entry moving to a new number must not collide with one
    # about to take its old number, and none does, since new numbers are above every old one.
    FeedEntry.objects.bulk_create(new)
    update_entries(changed)
    entries = {(e.object_id): e for e in new + changed}
    if new:  # SQLite (and bulk_create without returning ids) may leave pk unset
        missing = [e for e in new if e.pk is None]
        if missing:
            found = dict(
                FeedEntry.objects.filter(
                    kind=kind, object_id__in=[e.object_id for e in missing]
                ).values_list("object_id", "pk")
            )
            for entry in missing:
                entry.pk = found[entry.object_id]
    replace_terms(entries, {built.object_id: built for _e, built, _d in upserts})


UPSERT_FIELDS = [
    "seq",
    "changed_at",
    "digest",
    "is_deleted",
    "reason",
    "language",
    "valid_until",
    "expiry_reason",
    "envelope_head",
    "body",
]


def update_entries(entries):
    """Write the entries' UPSERT_FIELDS. One entry (a publish, the usual case) is a plain
    UPDATE: bulk_update's CASE per field cost more Python than the rest of the write
    (bench/feeds.py, section 5)."""
    if len(entries) == 1:
        entry = entries[0]
        fields = {name: getattr(entry, name) for name in UPSERT_FIELDS}
        FeedEntry.objects.filter(pk=entry.pk).update(**fields)
    elif entries:
        FeedEntry.objects.bulk_update(entries, UPSERT_FIELDS)


def replace_terms(entries, built_items):
    ids = [entry.pk for entry in entries.values()]
    FeedTerm.objects.filter(entry_id__in=ids).delete()
    FeedPoint.objects.filter(entry_id__in=ids).delete()
    terms, points = [], []
    for object_id, entry in entries.items():
        built = built_items[object_id]
        for term in sorted(set(built.terms)):
            terms.append(FeedTerm(entry_id=entry.pk, term=term[:160]))
        for latitude, longitude in built.points:
            points.append(FeedPoint(entry_id=entry.pk, latitude=latitude, longitude=longitude))
    FeedTerm.objects.bulk_create(terms)
    FeedPoint.objects.bulk_create(points)


def save_tombstones(tombstones, seqs, now):
    for entry, reason in tombstones:
        if reason not in REASONS:
            logger.warning("unknown tombstone reason %r for %s", reason, entry)
        # An item that left by the clock left at its time, not when we noticed.
        left = entry.valid_until if entry.valid_until and entry.valid_until <= now else now
        entry.seq, entry.changed_at = next(seqs), now
        entry.is_deleted, entry.reason = True, reason
        entry.set_envelope_head()
        entry.valid_until, entry.expiry_reason = None, ""
        entry.digest = ""
        entry.body = tombstone_body(entry, reason, left)
    update_entries([entry for entry, _reason in tombstones])
    ids = [entry.pk for entry, _reason in tombstones]
    FeedTerm.objects.filter(entry_id__in=ids).delete()
    FeedPoint.objects.filter(entry_id__in=ids).delete()


# The clock ----------------------------------------------------------------------------------


def expire_due(now=None):
    """Refresh every live entry whose `valid_until` has passed: a page past its expire_at, a
    listing on the day one of its licences expires. The source says what it is now: gone (a
    tombstone with the reason, "expired" or "licence_expired"), or changed (a therapist with a
    second licence stays, with that licence no longer current). Then `next_expiry` moves on.
    Harmless to run twice; every read of a feed runs it first once `next_expiry` has passed."""
    now = now or timezone.now()
    due = list(
        FeedEntry.objects.filter(is_deleted=False, valid_until__lte=now).values_list(
            "kind", "object_id", "expiry_reason"
        )
    )
    report = Report()
    for reason in sorted({reason for _kind, _id, reason in due}):
        keys = [(kind, object_id) for kind, object_id, why in due if why == reason]
        report.add(refresh_keys(keys, reason or "expired"))
    with transaction.atomic():
        state = FeedState.objects.select_for_update().get(pk=1)
        state.next_expiry = FeedEntry.objects.filter(is_deleted=False).aggregate(
            at=Min("valid_until")
        )["at"]
        state.save(update_fields=["next_expiry"])
        forget_state()
    return len(due)


def prune_tombstones(now=None, days=None):
    """Move the retention horizon to `days` ago: cursors from before it answer 410, and the
    tombstones of deleted objects older than it are removed. A tombstone of an object that
    still exists (unpublished, made private, licence lapsed) keeps its row, which holds the
    object's uuid for the day it is public again. Harmless to run twice."""
    now = now or timezone.now()
    days = settings.FEEDS_TOMBSTONE_RETENTION_DAYS if days is None else days
    horizon = now - timezone.timedelta(days=days)
    with transaction.atomic():
        state = FeedState.objects.select_for_update().get(pk=1)
        old = FeedEntry.objects.filter(is_deleted=True, changed_at__lt=horizon)
        last = old.order_by("-seq").values_list("seq", "changed_at").first()
        if last is None:
            return 0
        count, _ = old.filter(reason="deleted").delete()
        state.pruned_through_seq = max(state.pruned_through_seq, last[0])
        state.tombstones_retained_since = max(state.tombstones_retained_since or last[1], last[1])
        state.save()
        forget_state()
    return count
