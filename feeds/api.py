"""The feeds and the change log under /api/v1/ (docs/api.md).

- /feeds/education.json and /feeds/directory.json: JSON Feed 1.1 documents of the public items,
  filtered, in change order with keyset pagination (`next_url`), stable while editors publish:
  an item edited during a walk moves to the end, so it is read again, never skipped.
- /changes: upserts and tombstones in one order since a signed cursor (delta sync).
- /feeds/schema/fascia.json: the JSON Schema of the education items' `_fascia` extension.

Each response is built from stored JSON by concatenation (feeds/reading.py) and carries the
validators of feeds/http.py; a conditional request answers 304 after one query.
"""

import re
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urlencode

from django.http import JsonResponse
from ninja import Query, Router
from pydantic import Field, field_validator

from config.api_schemas import responses
from config.problems import ApiProblem
from feeds import cursors, http, reading
from feeds.auth import content_terms, require_scope
from feeds.schemas import ChangesOut, JsonFeedOut
from home.params import BadParameter, QueryParams, Slug, Text, Whole
from home.site_urls import absolute_url, site_root_url

router = Router(tags=["feeds"])

FEED_CONTENT_TYPE = "application/feed+json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
LANGUAGE_PATTERN = r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$"
NEAR_PATTERN = r"^\s*-?\d{1,2}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$"
Cursor = Text(400, "A cursor from a previous response's next_cursor or next_url.")

FEEDS = {
    "education": {
        "title": "Fascia patient education",
        "description": "Self-care routines, massage modality explainers and guides, each "
        "clinically reviewed, with exercise videos and captions.",
    },
    "directory": {
        "title": "Fascia directory of licensed massage therapists",
        "description": "Therapists with an active, verified licence: their places, hours, "
        "services and prices, for booking apps.",
    },
}


# Parameters -----------------------------------------------------------------------------


class FeedQuery(QueryParams):
    updated_since: datetime | None = Field(
        None, description="Only items changed at or after this moment (ISO 8601)."
    )

    @field_validator("updated_since")
    @classmethod
    def _within_years(cls, value):
        # 0001-01-01T00:00+14:00 is a valid ISO 8601 moment that no database column holds.
        try:
            in_utc = value.astimezone(UTC) if value is not None else None
        except OverflowError:
            raise ValueError("must be a moment between the years 1 and 9998") from None
        if in_utc is not None and not 1 <= in_utc.year <= 9998:
            raise ValueError("must be a moment between the years 1 and 9998")
        return in_utc

    language: str | None = Field(
        None, pattern=LANGUAGE_PATTERN, max_length=35, description="BCP 47 language, e.g. en."
    )
    modality: Slug(description="Modality page slug.") | None = None
    condition: (
        Text(80, "Condition slug, or an ICD-10-CM code or its start (M54 matches M54.50).") | None
    ) = None
    after: Cursor | None = None

    def term_filters(self):
        filters = []
        if self.language:
            filters.append(reading.TermFilter(terms=(f"lang:{self.language.lower()}",)))
        if self.modality:
            filters.append(reading.TermFilter(terms=(f"modality:{self.modality.lower()}",)))
        if self.condition:
            value = self.condition.strip().lower()
            filters.append(
                reading.TermFilter(terms=(f"condition:{value}",), prefixes=(f"icd:{value}",))
            )
        return filters


class EducationFeedQuery(FeedQuery):
    type: Literal["routine", "modality", "guide"] | None = Field(
        None, description="Only this kind of page."
    )
    area: Slug(description="Body area slug.") | None = None
    tag: Slug(description="Tag (a body area, condition or equipment slug).") | None = None
    limit: Whole(1, 100, "Items per page, 1..100.") = 20

    def term_filters(self):
        filters = super().term_filters()
        for name in ("type", "area", "tag"):
            if value := getattr(self, name):
                filters.append(reading.TermFilter(terms=(f"{name}:{value.lower()}",)))
        return filters


class DirectoryFeedQuery(FeedQuery):
    near: str | None = Field(
        None,
        pattern=NEAR_PATTERN,
        max_length=60,
        description="lat,lng of a search centre, e.g. 37.77,-122.42 (with radius).",
    )
    radius: float = Field(25.0, gt=0, le=500, description="Radius around near, in km.")
    postcode: Text(16, "A postcode or its start.") | None = None
    jurisdiction: Text(16, "A licensing jurisdiction, e.g. US-CA.") | None = None
    limit: Whole(1, 500, "Items per page, 1..500.") = 20

    def term_filters(self):
        filters = super().term_filters()
        if self.postcode:
            code = re.sub(r"\s+", "", self.postcode).lower()
            filters.append(reading.TermFilter(prefixes=(f"postcode:{code}",)))
        if self.jurisdiction:
            filters.append(
                reading.TermFilter(terms=(f"jurisdiction:{self.jurisdiction.strip().lower()}",))
            )
        if self.near:
            latitude, longitude = (float(part) for part in self.near.split(","))
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise BadParameter("near", "must be a latitude (-90..90) and longitude (-180..180)")
            filters.append(reading.Near(latitude, longitude, self.radius))
        return filters


class ChangesQuery(QueryParams):
    cursor: Cursor | None = None
    feed: Literal["education", "directory"] | None = Field(
        None, description="Only the changes of one feed."
    )
    type: Literal["routine", "modality", "guide", "therapist"] | None = Field(
        None, description="Only the changes of one kind of item."
    )
    limit: Whole(1, 500, "Changes per page, 1..500.") = 100


# Access ---------------------------------------------------------------------------------


def scope(request, endpoint):
    """The token's content filters (ANDed into every query) and a key for the ETag."""
    require_scope(request, endpoint)
    terms = content_terms(request)
    if not terms:
        return [], ""
    return [reading.TermFilter(terms=tuple(terms))], "|".join(sorted(terms))


# Feeds ----------------------------------------------------------------------------------


def page_url(request, **changes):
    params = request.GET.copy()
    for name, value in changes.items():
        params[name] = value
    return absolute_url(request.path) + ("?" + urlencode(sorted(params.items())))


def serve_feed(request, feed, params):
    filters = params.term_filters()
    after = cursors.read(params.after, feed, "after") if params.after else 0
    access, scope_key = scope(request, feed)
    state = reading.current_state()
    etag = http.etag_for(state, request, scope_key)
    if (response := http.conditional(request, etag, state.last_changed_at)) is not None:
        return response
    rows, more = reading.feed_page(
        feed, after, params.limit, filters + access, updated_since=params.updated_since
    )
    last_read = rows[-1][0] if rows else after  # the next page starts after what was read
    if near := next((f for f in filters if isinstance(f, reading.Near)), None):
        rows = reading.within_radius(rows, near)
    head = {
        "version": JSON_FEED_VERSION,
        "title": FEEDS[feed]["title"],
        "home_page_url": site_root_url() + "/",
        "feed_url": absolute_url(request.get_full_path()),
        "description": FEEDS[feed]["description"],
        "language": "en",
    }
    if more:
        head["next_url"] = page_url(request, after=cursors.make(last_read, feed))
    text = (
        reading.changelog.dumps(head)[:-1]
        + ',"items":['
        + ",".join(body for _seq, body in rows)
        + "]}"
    )
    return http.json_response(request, text, etag, state.last_changed_at, FEED_CONTENT_TYPE)


@router.get(
    "/feeds/education.json",
    response=responses(JsonFeedOut),
    by_alias=True,
    summary="Patient education as a JSON Feed 1.1",
)
def education_feed(request, params: Query[EducationFeedQuery]):
    """Public routines, modality explainers and guides. Each item carries a stable urn:uuid id
    and the `_fascia` extension (the education record: taxonomy with codes, steps, red flags,
    review, reading grade, video). Follow `next_url` for the next page."""
    return serve_feed(request, "education", params)


@router.get(
    "/feeds/directory.json",
    response=responses(JsonFeedOut),
    by_alias=True,
    summary="Licensed therapists as a JSON Feed 1.1",
)
def directory_feed(request, params: Query[DirectoryFeedQuery]):
    """Public therapists (an active, verified, unexpired licence): licences, modalities,
    languages, places with hours and accessibility, services with prices, booking URL and the
    listing's JSON-LD."""
    return serve_feed(request, "directory", params)


# Changes --------------------------------------------------------------------------------


@router.get(
    "/changes",
    response=responses(ChangesOut, 410),
    by_alias=True,
    summary="Delta sync: upserts and tombstones since a cursor",
)
def changes(request, params: Query[ChangesQuery]):
    """Without a cursor: an initial sync (every public item, then whatever changes while you
    read). With `cursor`: every change after it, in order; an upsert is the whole item, a
    tombstone (`op` "delete") says when and why it left. Read until `has_more` is false, keep
    `next_cursor`, come back later with it. A cursor older than `tombstones_retained_since`
    answers 410: sync again from scratch (the problem's `restart_url`)."""
    after, initial = (0, 0)
    if params.cursor:
        after, initial = cursors.read_full(params.cursor, "changes", "cursor")
    access, scope_key = scope(request, "changes")
    state = reading.current_state()
    if not params.cursor:
        initial = state.last_seq  # tombstones up to here concern nothing the client has
    if after > state.last_seq:  # the cached state may be a moment behind the rows
        state = reading.read_state(fresh=True)
    if after and (after < state.pruned_through_seq or after > state.last_seq):
        raise ApiProblem(
            410,
            "This cursor is older than the deletions we keep (or from before the change log "
            "was reset): sync again from scratch with restart_url.",
            title="Cursor expired",
            restart_url=page_url_without(request, "cursor"),
            tombstones_retained_since=state.tombstones_retained_since,
        )
    etag = http.etag_for(state, request, scope_key)
    if (response := http.conditional(request, etag, state.last_changed_at)) is not None:
        return response
    kinds = (params.type,) if params.type else ()
    page = reading.change_page(
        after,
        params.limit,
        feed=params.feed,
        kinds=kinds,
        filters=access,
        tombstones_after=initial,
    )
    more = page.more
    last = page.last_seq or after
    if not more:
        last = max(last, state.last_seq)
    next_cursor = cursors.make(last, "changes", initial if last < initial else None)
    head = {
        "next_cursor": next_cursor,
        "next_url": page_url(request, cursor=next_cursor),
        "has_more": more,
        "tombstones_retained_since": state.tombstones_retained_since,
    }
    tail = reading.changelog.dumps(head)[1:].encode()
    text = b"".join([b'{"changes":[', *page.pieces, b"],", tail])
    return http.json_response(request, text, etag, state.last_changed_at)


def page_url_without(request, name):
    params = request.GET.copy()
    params.pop(name, None)
    query = urlencode(sorted(params.items()))
    return absolute_url(request.path) + (f"?{query}" if query else "")


# Schema ---------------------------------------------------------------------------------


@router.get(
    "/feeds/schema/fascia.json",
    response={200: dict},
    summary="JSON Schema of the education items' _fascia extension",
)
def fascia_schema(request):
    from education.feed import fascia_json_schema

    response = JsonResponse(fascia_json_schema(), content_type="application/schema+json")
    response["Cache-Control"] = http.PUBLIC_CACHE
    return response
