"""Reading the change log: feed pages and change pages, each one indexed query.

Every read starts from the FeedState row (one query): its last sequence number is the ETag,
its last change time the Last-Modified, so a 304 costs that one query. When an entry's
`valid_until` has passed (a page's expiry, a licence's expiry day) the first read after it
writes the tombstones (changelog.expire_due) before answering: a feed never serves an item
past its time, and a partner syncing changes is told it is gone without waiting for a job.
"""

import math
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from feeds import changelog
from feeds.models import FeedEntry, FeedPoint, FeedState, FeedTerm

EARTH_RADIUS_KM = 6371.0088
EXPIRING_KEY = "feeds:expiring"
EXPIRING_SECONDS = 120


def current_state(now=None):
    """The FeedState row, after writing any tombstones that fell due by the clock."""
    now = now or timezone.now()
    state = FeedState.objects.get(pk=1)
    due = state.next_expiry is not None and state.next_expiry <= now
    # One reader does it (the shared cache is the flag); the others answer at once: their
    # queries already leave out what has passed its time.
    if due and cache.add(EXPIRING_KEY, 1, EXPIRING_SECONDS):
        try:
            changelog.expire_due(now)
        finally:
            cache.delete(EXPIRING_KEY)
        state = FeedState.objects.get(pk=1)
    return state


@dataclass
class TermFilter:
    """Entries that carry at least one of these terms (exact), or a term starting with one of
    `prefixes`."""

    terms: tuple = ()
    prefixes: tuple = ()

    def q(self):
        condition = Q(term__in=self.terms) if self.terms else Q(pk__in=[])
        for prefix in self.prefixes:
            condition |= Q(term__startswith=prefix)
        return Exists(FeedTerm.objects.filter(condition, entry=OuterRef("pk")))


@dataclass
class Near:
    latitude: float
    longitude: float
    radius_km: float

    def box(self):
        """A latitude/longitude box holding the circle: the index narrows to it."""
        dlat = math.degrees(self.radius_km / EARTH_RADIUS_KM)
        cos_lat = max(math.cos(math.radians(self.latitude)), 1e-6)
        dlng = min(180.0, math.degrees(self.radius_km / (EARTH_RADIUS_KM * cos_lat)))
        return (
            self.latitude - dlat,
            self.latitude + dlat,
            self.longitude - dlng,
            self.longitude + dlng,
        )

    def q(self):
        south, north, west, east = self.box()
        points = FeedPoint.objects.filter(
            entry=OuterRef("pk"), latitude__gte=south, latitude__lte=north
        )
        if west < -180 or east > 180:  # the box crosses the antimeridian
            west, east = (west + 540) % 360 - 180, (east + 540) % 360 - 180
            points = points.filter(Q(longitude__gte=west) | Q(longitude__lte=east))
        else:
            points = points.filter(longitude__gte=west, longitude__lte=east)
        return Exists(points)


def visible_q(now):
    return Q(is_deleted=False) & (Q(valid_until__isnull=True) | Q(valid_until__gt=now))


def feed_page(feed, after, limit, filters=(), updated_since=None, now=None):
    """[(seq, body)] of up to `limit` live items of `feed` after sequence `after`, and
    whether more follow. One query."""
    now = now or timezone.now()
    queryset = FeedEntry.objects.filter(visible_q(now), feed=feed, seq__gt=after)
    for condition in filters:
        queryset = queryset.filter(condition.q())
    if updated_since is not None:
        queryset = queryset.filter(changed_at__gte=updated_since)
    rows = list(queryset.order_by("seq").values_list("seq", "body")[: limit + 1])
    return rows[:limit], len(rows) > limit


def distance_km(lat1, lng1, lat2, lng2):
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def within_radius(rows, near):
    """The rows (seq, body) with a place inside the circle, not only its box: one query for
    the places of the page's entries."""
    seqs = [seq for seq, _body in rows]
    points = FeedPoint.objects.filter(entry__seq__in=seqs).values_list(
        "entry__seq", "latitude", "longitude"
    )
    inside = {
        seq
        for seq, latitude, longitude in points
        if distance_km(near.latitude, near.longitude, latitude, longitude) <= near.radius_km
    }
    return [row for row in rows if row[0] in inside]


@dataclass
class Change:
    seq: int
    kind: str
    urn: str
    body: str  # the item, or the tombstone
    deleted: bool
    reason: str = ""


def change_page(after, limit, feed=None, kinds=(), filters=(), tombstones_after=0, now=None):
    """Up to `limit` changes after sequence `after`, and whether more follow. One query.

    With `filters` (a token's scope, a partner's own filter), an item that no longer matches
    is a tombstone with the reason "out_of_scope", so a partner that synced it is told to drop
    it; what never matched it may also see as such a tombstone, which names nothing but an id.
    During an initial sync, tombstones up to `tombstones_after` (where it started) are left
    out: they concern nothing the client has.
    """
    now = now or timezone.now()
    queryset = FeedEntry.objects.filter(seq__gt=after)
    if tombstones_after:
        queryset = queryset.exclude(is_deleted=True, seq__lte=tombstones_after)
    if feed:
        queryset = queryset.filter(feed=feed)
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    fields = [
        "seq",
        "kind",
        "uuid",
        "is_deleted",
        "body",
        "valid_until",
        "expiry_reason",
        "changed_at",
    ]
    if filters:
        in_scope = Q()
        for condition in filters:
            in_scope &= Q(condition.q())
        queryset = queryset.annotate(
            in_scope=Case(When(in_scope, then=Value(True)), default=Value(False))
        )
        fields.append("in_scope")
    rows = list(queryset.order_by("seq").values_list(*fields)[: limit + 1])
    changes = [to_change(row, now, bool(filters)) for row in rows[:limit]]
    return changes, len(rows) > limit


def to_change(row, now, scoped):
    seq, kind, uuid, is_deleted, body, valid_until, expiry_reason, changed_at = row[:8]
    urn = f"urn:uuid:{uuid}"
    if is_deleted:
        return Change(seq, kind, urn, body, True)
    if valid_until is not None and valid_until <= now:
        # Passed its time between the state read and this one: a tombstone, as it will be.
        reason = expiry_reason or "expired"
        tombstone = changelog.dumps(
            {"id": urn, "type": kind, "deleted_at": valid_until, "reason": reason}
        )
        return Change(seq, kind, urn, tombstone, True, reason)
    if scoped and not row[8]:
        tombstone = changelog.dumps(
            {"id": urn, "type": kind, "deleted_at": changed_at, "reason": "out_of_scope"}
        )
        return Change(seq, kind, urn, tombstone, True, "out_of_scope")
    return Change(seq, kind, urn, body, False)
