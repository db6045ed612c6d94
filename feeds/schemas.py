"""Response schemas of the feeds and the change log (the OpenAPI document's view of them).

The responses themselves are concatenated from stored JSON (feeds/reading.py), never built
from these models; the schemas say what that JSON is, for client generators and for the
schema-conformance fuzzing in tests/api.
"""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field


class Author(Schema):
    name: str
    url: str | None = None


class Attachment(Schema):
    url: str
    mime_type: str
    title: str | None = None
    size_in_bytes: int | None = None
    duration_in_seconds: float | None = None


class FeedItemOut(Schema):
    """A JSON Feed 1.1 item with Fascia's extension object."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")

    id: str = Field(description="Stable id, urn:uuid:…: never reused, survives moves and renames.")
    url: str | None = None
    title: str | None = None
    summary: str | None = None
    content_html: str | None = None
    content_text: str | None = None
    image: str | None = None
    date_published: datetime | None = None
    date_modified: datetime | None = None
    tags: list[str] = []
    language: str | None = None
    authors: list[Author] = []
    attachments: list[Attachment] = []
    fascia: dict = Field(
        alias="_fascia",
        description="Fascia's structured record of the item; its JSON Schema is linked from "
        "its `about` member (education) or /api/v1/feeds/schema/fascia.json.",
    )


class JsonFeedOut(Schema):
    """A JSON Feed 1.1 document (application/feed+json)."""

    version: Literal["https://jsonfeed.org/version/1.1"]
    title: str
    home_page_url: str
    feed_url: str
    description: str
    language: str
    next_url: str | None = Field(
        None, description="The next page (keyset pagination, stable while editors publish)."
    )
    items: list[FeedItemOut]


class TombstoneOut(Schema):
    id: str
    type: str
    deleted_at: datetime
    reason: str = Field(description="Why it left the feed: see the API guide (docs/api.md).")


class ChangeOut(Schema):
    op: Literal["upsert", "delete"]
    id: str
    type: str
    item: FeedItemOut | None = Field(None, description="The whole item, for an upsert.")
    tombstone: TombstoneOut | None = Field(None, description="For a delete.")


class ChangesOut(Schema):
    changes: list[ChangeOut]
    next_cursor: str = Field(description="Hand it back as ?cursor= to read what follows.")
    next_url: str
    has_more: bool = Field(description="True: more changes are waiting now; read next_url.")
    tombstones_retained_since: datetime | None = Field(
        description="Deletions are kept from this moment on; a cursor from before it answers "
        "410 and the client syncs again from scratch."
    )
