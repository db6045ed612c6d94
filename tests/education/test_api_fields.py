"""Wagtail API v2's `education` field reads the page's stored feed record when the change log
holds one, and the live record otherwise."""

import json

import pytest
from django.utils import timezone

from education.api_fields import EducationDataField, with_feed_records
from education.feed import EducationFeedSource
from education.models import SelfCareRoutinePage
from feeds.models import FeedEntry
from tests.education import factories

pytestmark = pytest.mark.django_db


def store(page, seq=1, **changes):
    """The page's feed item as the change log stores it, with some members changed so a test
    can tell the stored record from the live one."""
    item = EducationFeedSource().build("routine", [page.pk])[page.pk].item
    item["_fascia"] |= changes
    return FeedEntry.objects.create(
        feed="education",
        kind="routine",
        object_id=page.pk,
        seq=seq,
        changed_at=timezone.now(),
        body=json.dumps({"id": "urn:uuid:00000000-0000-4000-8000-000000000000", **item}),
        digest="x",
    )


def field_value(page):
    return EducationDataField().to_representation(page)


def test_the_stored_record_is_served_without_the_feeds_own_members(sections):
    page = factories.routine(sections["routines"])
    store(page, title="As stored")
    data = field_value(page)
    assert data["title"] == "As stored"
    assert not {"about", "translation_key", "locale"} & set(data)
    live = json.loads(json.dumps(page.api_data(), default=str))
    assert set(data) == set(live)


def test_without_a_live_entry_the_record_is_built_live(sections):
    page = factories.routine(sections["routines"])
    assert field_value(page)["title"] == page.title
    entry = store(page, title="As stored")
    entry.is_deleted = True
    entry.save()
    assert field_value(page)["title"] == page.title


def test_with_feed_records_costs_no_query_per_page(sections, django_assert_num_queries):
    pages = [factories.routine(sections["routines"], title=f"R{n}") for n in range(3)]
    for seq, page in enumerate(pages, start=1):
        store(page, seq=seq, title=f"Stored {seq}")
    loaded = list(with_feed_records(SelfCareRoutinePage.objects.order_by("pk")))
    with django_assert_num_queries(0):
        titles = [field_value(page)["title"] for page in loaded]
    assert titles == ["Stored 1", "Stored 2", "Stored 3"]
