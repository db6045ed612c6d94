"""What a content app hands the change log: one `FeedItem` per public object, or a `Hidden`
saying why the object is not public (the tombstone's reason).

Each content app supplies a `FeedSource` (education/feed.py, directory/feed.py) that turns
object ids into these in a fixed number of queries; feeds/ stores them (feeds/models), orders
them in one change sequence and serves them. The source applies its kind's one public rule
(`SelfCareRoutinePage.objects.public()`, `Therapist.objects.public()`), so nothing reaches the
change log that the site itself would not show.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder

# Why an item left the public feed: the `reason` of a tombstone.
REASONS = {
    "unpublished": "Unpublished by an editor.",
    "deleted": "Deleted.",
    "made_private": "A view restriction (login, password or group) now covers it.",
    "moved_out": "Moved out of the public part of the site.",
    "not_yet_live": "Scheduled: its go-live time has not come.",
    "expired": "Its expiry time (expire_at) has passed.",
    "licence_expired": "The practitioner's licence has expired.",
    "licence_suspended": "The practitioner's licence is suspended.",
    "licence_revoked": "The practitioner's licence was revoked.",
    "verification_withdrawn": "The licence is no longer verified with the board.",
    "out_of_scope": "No longer matches what this feed holds.",
}


def iso(value):
    """A date or time in an item, as the change log writes its own (tombstones' deleted_at,
    tombstones_retained_since) and Django's JSON encoder writes the rest: RFC 3339, UTC as Z,
    milliseconds. Every source formats its dates with this one."""
    return DjangoJSONEncoder().default(value) if value is not None else None


@dataclass
class FeedItem:
    """One public object as partners see it."""

    kind: str  # "routine", "modality", "guide", "therapist"
    object_id: int
    # The JSON Feed 1.1 item without "id" (feeds adds the stable urn:uuid): url, title,
    # summary, content_html, image, date_published, date_modified, tags, language, authors,
    # attachments and the app's extension object ("_fascia"). Only JSON types and ISO strings.
    item: dict
    language: str = "en"  # BCP 47
    # Filter terms, "name:value", lower case: "type:routine", "area:neck",
    # "condition:low-back-pain", "icd:m54.50", "modality:deep-tissue-massage", "tag:desk",
    # "lang:en", "postcode:94110", "jurisdiction:us-ca". Prefix filters (ICD-10-CM codes,
    # postcodes) match the start of the value.
    terms: list[str] = field(default_factory=list)
    # When it stops being public by the clock alone (a page's expire_at, the start of the day
    # a licence expires), and the tombstone reason it gets then; the feed checks this when read.
    valid_until: datetime | None = None
    expiry_reason: str = "expired"
    # Places, for near=lat,lng&radius=: [(latitude, longitude)].
    points: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class Hidden:
    """An object that is not public now, and why (one of REASONS)."""

    kind: str
    object_id: int
    reason: str


class FeedSource:
    """A content app's side of the change log. Subclasses set `feed` and `kinds`."""

    feed = ""  # "education" or "directory": the feed document the items appear in
    kinds = ()  # the kinds this source answers for

    def build(self, kind, ids, reason_hint=None):
        """{object_id: FeedItem | Hidden} for these ids of one kind, in a fixed number of
        queries whatever len(ids). An id with no object left is Hidden("deleted").
        `reason_hint` is the event that caused the refresh (home.visibility.REASONS or
        "licence"), which a source may use to name a tombstone's reason."""
        raise NotImplementedError

    def public_ids(self, kind):
        """Every public object's id of this kind (for rebuild_feeds and the scheduled sync)."""
        raise NotImplementedError
