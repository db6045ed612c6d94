"""Education data in Wagtail's API v2 (/api/wagtail/v2/pages/), in the same shape as the
education detail endpoint.

The record is read from the change log when it holds one (feeds.models.FeedEntry: the "_fascia"
member of the page's stored feed item is that very record), so a listing with `fields=*` costs
no query per page once the viewset's queryset goes through `with_feed_records()`, and one per
page without it, instead of the six a live `api_data()` takes. A page with no live entry (not
yet materialised, or a change still queued) is served live, as before.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, Subquery
from rest_framework.fields import Field

# Members the feed adds to the record in "_fascia"; not part of the record itself.
FEED_ONLY_MEMBERS = ("about", "translation_key", "locale")
NOT_LOADED = object()


def _live_entries(kind):
    # Lazy: education.models imports this module before the feeds app's models are needed.
    from feeds.models import FeedEntry

    return FeedEntry.objects.filter(kind=kind, is_deleted=False)


def with_feed_records(queryset):
    """`queryset` (of one education page type) with each page's stored feed item as
    `feed_item_body`, so EducationDataField reads it without a query of its own."""
    kind = queryset.model.template_kind
    body = _live_entries(kind).filter(object_id=OuterRef("pk")).values("body")[:1]
    return queryset.annotate(feed_item_body=Subquery(body))


def stored_record(page):
    """The page's record from its live feed entry, or None (one query unless the page came
    through `with_feed_records()`)."""
    body = getattr(page, "feed_item_body", NOT_LOADED)
    kind, pk = getattr(page, "template_kind", None), getattr(page, "pk", None)
    if body is NOT_LOADED:
        if kind is None or pk is None:
            return None  # not a stored kind of page (a new type, an unsaved preview)
        entry = _live_entries(kind).filter(object_id=pk)
        body = entry.values_list("body", flat=True).first()
    if not body:
        return None
    extension = json.loads(body).get("_fascia")
    if not isinstance(extension, dict):
        return None
    return {key: value for key, value in extension.items() if key not in FEED_ONLY_MEMBERS}


class EducationDataField(Field):
    """The page's whole education record: reading level, review, taxonomy, steps, video.

    One shape wherever a page is exposed: a partner reading the generic page API gets what the
    education endpoint serves, under the same rules (a video without captions is left out).
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        record = stored_record(page)
        if record is not None:
            return record
        data = page.api_data(self.context.get("request"))
        # Dates and decimals as the education endpoint writes them (its encoder is Django's).
        return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
