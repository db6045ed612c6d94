"""Reading the change log: feed pages and change pages, each one indexed query.

Every read starts from the FeedState row (one query): its last sequence number is the ETag,
its last change time the Last-Modified, so a 304 costs that one query. When an entry's
`valid_until` has passed (a page's expiry, a licence's expiry day) the first read after it
writes the tombstones (changelog.expire_due) before answering: a feed never serves an item
past its time, and a partner syncing changes is told it is gone without waiting for a job.
"""

import datetime
import functools
import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from feeds import changelog
from feeds.models import FeedEntry, FeedPoint, FeedTerm
from feeds.models.entries import envelope_head

EARTH_RADIUS_KM = 6371.0088
EXPIRING_KEY = "feeds:expiring"
EXPIRING_SECONDS = 120
EXPIRY_WAIT = 10.0
EXPIRY_POLL = 0.05
STATE_KEY = changelog.STATE_KEY
STATE_SECONDS = 5


@dataclass(frozen=True)
class State:
    """What a read needs of the FeedState row."""

    last_seq: int
    last_changed_at: datetime.datetime | None
    next_expiry: datetime.datetime | None
    tombstones_retained_since: datetime.datetime | None
    pruned_through_seq: int


def current_state(now=None):
    """The change log's state, after writing any tombstones that fell due by the clock."""
    now = now or timezone.now()
    state = read_state()
    if state.next_expiry is None or state.next_expiry > now:
        return state
    # One reader does it (the shared cache is the flag); the others wait for it. Answering at
    # once would be wrong for a while: a row past its time reads as gone, yet a therapist whose
    # first licence expired may still be listed on a second one, and expire_due is what tells.
    if cache.add(EXPIRING_KEY, 1, EXPIRING_SECONDS):
        try:
            changelog.expire_due(now)
        finally:
            cache.delete(EXPIRING_KEY)
    else:
        wait_for_expiry()
    return read_state(fresh=True)


def wait_for_expiry():
    """Wait while another reader writes what fell due, up to EXPIRY_WAIT seconds; past that
    (a stuck holder) the rows past their time read as gone, which their queries already do."""
    deadline = time.monotonic() + EXPIRY_WAIT
    while cache.get(EXPIRING_KEY) is not None and time.monotonic() < deadline:
        time.sleep(EXPIRY_POLL)


def read_state(fresh=False):
    """The state from the shared cache, else from its row. Writers drop the cached copy when
    they commit (changelog.forget_state); a copy read just before a commit can outlive it by
    STATE_SECONDS at most, well inside the max-age=60 every feed answer already allows. A 304
    then costs no query at all: the ORM's get() of this one row was most of its cost
    (bench/feeds.py), so a miss reads it with one plain statement."""
    state = None if fresh else cache.get(STATE_KEY)
    if state is None:
        with connection.cursor() as cursor:
            cursor.execute(STATE_SQL)
            row = cursor.fetchone()
        state = State(row[0], as_datetime(row[1]), as_datetime(row[2]), as_datetime(row[3]), row[4])
        cache.set(STATE_KEY, state, STATE_SECONDS)
    return state


STATE_SQL = (
    "SELECT last_seq, last_changed_at, next_expiry, tombstones_retained_since, "
    "pruned_through_seq FROM feeds_feedstate WHERE id = 1"
)


def as_datetime(value):
    """A datetime column read through a plain cursor: SQLite gives a naive one (or text) in
    UTC, PostgreSQL an aware one."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = parse_datetime(str(value))
    return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)


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
    if not filters and updated_since is None:
        return plain_feed_page(feed, after, limit, now)
    queryset = FeedEntry.objects.filter(visible_q(now), feed=feed, seq__gt=after)
    for condition in filters:
        queryset = queryset.filter(condition.q())
    if updated_since is not None:
        queryset = queryset.filter(changed_at__gte=updated_since)
    rows = list(queryset.order_by("seq").values_list("seq", "body")[: limit + 1])
    return rows[:limit], len(rows) > limit


# The unfiltered pages (a full sync, the common case) as plain statements over the partial
# index: building them through the ORM cost more than reading the rows (bench/feeds.py: a page
# of 100 items 11.7x a trivial view through the ORM, 4.5x like this). Filtered pages keep the
# ORM, which builds their EXISTS subqueries.
PLAIN_FEED_SQL = (
    "SELECT seq, body FROM feeds_feedentry WHERE feed = %s AND NOT is_deleted AND seq > %s "
    "AND (valid_until IS NULL OR valid_until > %s) ORDER BY seq LIMIT %s"
)
# Each row's envelope head is stored with it (FeedEntry.envelope_head), so a change page is
# the heads and bodies joined, about what the raw-SQL reference costs: formatting each row's
# envelope in Python was most of a directory sync's cost (bench/feeds.py, section 4: 4.0x raw
# SQL on SQLite), and having the database concatenate it 2.1x.
PLAIN_CHANGES_SQL = (
    "SELECT seq, CASE WHEN NOT is_deleted AND valid_until <= %s THEN 1 ELSE 0 END, "
    "envelope_head, body FROM feeds_feedentry WHERE seq > %s<where> ORDER BY seq LIMIT %s"
)


def plain_feed_page(feed, after, limit, now):
    moment = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(PLAIN_FEED_SQL, [feed, after, moment, limit + 1])
        rows = cursor.fetchall()
    return rows[:limit], len(rows) > limit


def plain_change_page(after, limit, feed, kinds, tombstones_after, now):
    where, params = "", [connection.ops.adapt_datetimefield_value(now), after]
    if tombstones_after:
        where += " AND NOT (is_deleted AND seq <= %s)"
        params.append(tombstones_after)
    if feed:
        where += " AND feed = %s"
        params.append(feed)
    if kinds:
        where += " AND kind IN (" + ", ".join(["%s"] * len(kinds)) + ")"
        params += list(kinds)
    rows = fetch_as_bytes(PLAIN_CHANGES_SQL.replace("<where>", where), [*params, limit + 1])
    rows, more = rows[:limit], len(rows) > limit
    pieces = []
    for seq, due, head, body in rows:
        if due:  # rare: see to_change; its time is read only then
            pieces += (due_change(seq, now).json().encode(), b",")
        else:
            pieces += (head, body, b"},")
    if pieces:
        pieces[-1] = pieces[-1][:-1]
    return ChangePage(pieces, rows[-1][0] if rows else None, more)


def fetch_as_bytes(sql, params):
    """The rows, their text columns as the stored UTF-8 bytes, undecoded. A change page is
    joined and sent as bytes: decoding each body to str and encoding the page again made two
    more copies of about 3 MB a page, and a fresh buffer that size costs its page faults too
    (bench/feeds.py, section 4: 2.4x raw SQL on SQLite with str, about 1x with bytes)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sqlite = connection.connection
            text_factory, sqlite.text_factory = sqlite.text_factory, bytes
            try:
                cursor.execute(sql, params)
                return cursor.fetchall()
            finally:
                sqlite.text_factory = text_factory
        if connection.vendor == "postgresql":
            loader = bytes_loader()
            for name in ("text", "varchar"):  # for this cursor only
                cursor.cursor.adapters.register_loader(name, loader)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "postgresql":
        return rows
    return [tuple(v.encode() if isinstance(v, str) else v for v in row) for row in rows]


@functools.cache
def bytes_loader():
    from psycopg.adapt import Loader

    class BytesLoader(Loader):
        """Text as the bytes the server sent (the connection's encoding is UTF-8)."""

        def load(self, data):
            return bytes(data)

    return BytesLoader


def due_change(seq, now):
    entry = FeedEntry.objects.only("kind", "uuid", "body", "valid_until", "expiry_reason").get(
        seq=seq
    )
    row = (seq, entry.kind, entry.uuid, False, entry.body, entry.valid_until)
    return to_change((*row, entry.expiry_reason, None), now, False)


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

    def json(self):
        return envelope_head(self.urn, self.kind, self.deleted) + self.body + "}"


@dataclass
class ChangePage:
    # The changes as UTF-8 JSON, comma-separated, in sequence order, in pieces: the response
    # joins them once, with what goes around them (a page of 500 listings is about 3 MB).
    pieces: list
    last_seq: int | None  # the last change's sequence number; None for an empty page
    more: bool


def change_page(after, limit, feed=None, kinds=(), filters=(), tombstones_after=0, now=None):
    """Up to `limit` changes after sequence `after` (a ChangePage). One query.

    With `filters` (a token's scope, a partner's own filter), an item that no longer matches
    is a tombstone with the reason "out_of_scope", so a partner that synced it is told to drop
    it; what never matched it may also see as such a tombstone, which names nothing but an id.
    During an initial sync, tombstones up to `tombstones_after` (where it started) are left
    out: they concern nothing the client has.
    """
    now = now or timezone.now()
    if not filters:
        return plain_change_page(after, limit, feed, kinds, tombstones_after, now)
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
    last_seq = changes[-1].seq if changes else None
    pieces = [",".join(change.json() for change in changes).encode()]
    return ChangePage(pieces, last_seq, len(rows) > limit)


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
