"""The directory feed and its changes: only licensed therapists, tombstones that say why a
listing left, expiry by the calendar, geo and licence filters."""

import datetime
import json
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone

from feeds import changelog, reading
from feeds.models import FeedEntry
from tests.directory.factories import (
    LicenceFactory,
    add_service,
    listed_therapist,
    location_at,
)

DIRECTORY = "/api/v1/feeds/directory.json"
CHANGES = "/api/v1/changes"
SAN_FRANCISCO = (37.7749, -122.4194)
OAKLAND = (37.8044, -122.2712)
MIAMI = (25.7617, -80.1918)


@pytest.fixture
def listings(db, site, committed):
    with committed():
        sf = location_at(*SAN_FRANCISCO, locality="San Francisco", region="CA", postal_code="94110")
        miami = location_at(*MIAMI, postal_code="33131")
        add_service(sf)
        found = {
            "ana": listed_therapist([sf], name="Ana Ruiz", slug="ana-ruiz"),
            "ben": listed_therapist([miami], name="Ben Cole", slug="ben-cole"),
            "cy": listed_therapist([sf], licence=False, name="Cy Unlicensed", slug="cy"),
        }
    return found


def feed_names(client, **query):
    return sorted(item["title"] for item in client.get(DIRECTORY, query).json()["items"])


def test_only_licensed_therapists_are_listed(client, listings):
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    items = response.json()["items"]
    assert sorted(item["title"] for item in items) == ["Ana Ruiz", "Ben Cole"]
    ana = next(item for item in items if item["title"] == "Ana Ruiz")
    assert ana["id"].startswith("urn:uuid:")
    assert ana["url"] == "http://testserver/find-a-therapist/ana-ruiz/"
    record = ana["_fascia"]
    assert record["licences"][0]["status"] == "active"
    location = record["locations"][0]
    assert location["geo"]["latitude"] == pytest.approx(SAN_FRANCISCO[0])
    assert location["services"][0]["currency"]
    assert record["jsonld"]
    assert not FeedEntry.objects.filter(object_id=listings["cy"].pk, kind="therapist").exists()


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"near": "37.80,-122.27", "radius": "25"}, ["Ana Ruiz"]),  # Oakland, 13 km away
        ({"near": "37.80,-122.27", "radius": "5"}, []),
        ({"postcode": "941"}, ["Ana Ruiz"]),
        ({"postcode": "33131"}, ["Ben Cole"]),
        ({"jurisdiction": "fl"}, ["Ana Ruiz", "Ben Cole"]),
        ({"language": "en"}, ["Ana Ruiz", "Ben Cole"]),
    ],
)
def test_filters(client, listings, query, names):
    assert feed_names(client, **query) == names


def test_bad_near_is_a_problem(client, db):
    response = client.get(DIRECTORY, {"near": "91,0"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["name"] == "near"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": "revoked"}, "licence_revoked"),
        ({"status": "suspended"}, "licence_suspended"),
        ({"verified_at": None}, "verification_withdrawn"),
    ],
)
def test_a_licence_change_is_a_tombstone_with_its_reason(
    client, listings, committed, change, reason
):
    cursor = client.get(CHANGES, {"feed": "directory"}).json()["next_cursor"]
    ana = listings["ana"]
    with committed():
        for licence in ana.licences.all():
            for name, value in change.items():
                setattr(licence, name, value)
            licence.save()
        ana.save()
    changes = client.get(CHANGES, {"feed": "directory", "cursor": cursor}).json()["changes"]
    assert [(c["op"], c["tombstone"]["reason"]) for c in changes] == [("delete", reason)]


def test_a_licence_expires_by_the_calendar(client, listings, committed):
    ana = listings["ana"]
    expires = timezone.localdate() + datetime.timedelta(days=3)
    with committed():
        ana.licences.update(expires_on=expires)
        ana.save()
    cursor = client.get(CHANGES, {"feed": "directory"}).json()["next_cursor"]
    midnight = datetime.datetime.combine(expires, datetime.time(0, 0, 1), tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=midnight):
        assert feed_names(client) == ["Ben Cole"]
        changes = client.get(CHANGES, {"feed": "directory", "cursor": cursor}).json()["changes"]
    assert [(c["op"], c["tombstone"]["reason"]) for c in changes] == [("delete", "licence_expired")]


def first_licence_expires_with_a_second_current(ana, committed):
    """Ana's licence expires in two days and she has a second one: noon that day, when only
    the second is current."""
    soon = timezone.localdate() + datetime.timedelta(days=2)
    with committed():
        ana.licences.update(expires_on=soon)
        LicenceFactory(therapist=ana, jurisdiction="CA", number="CA-77")
        ana.save()
    return datetime.datetime.combine(soon, datetime.time(12), tzinfo=datetime.UTC)


def test_a_second_licence_keeps_the_listing_when_one_expires(client, listings, committed):
    later = first_licence_expires_with_a_second_current(listings["ana"], committed)
    with mock.patch("django.utils.timezone.now", return_value=later):
        items = client.get(DIRECTORY).json()["items"]
    ana_item = next(item for item in items if item["title"] == "Ana Ruiz")
    current = {lic["number"]: lic["current"] for lic in ana_item["_fascia"]["licences"]}
    assert current["CA-77"] is True
    assert False in current.values()  # the expired one is no longer current


def test_a_reader_waits_while_another_writes_what_fell_due(client, listings, committed):
    """When another reader holds the expiry flag, a page waits for it instead of answering
    from before it: Ana's first licence expired but her second one keeps her listed, so what
    the partner is told is her item without that licence, not nothing (and a feed page must
    not leave her out meanwhile)."""
    later = first_licence_expires_with_a_second_current(listings["ana"], committed)
    cursor = client.get(CHANGES, {"feed": "directory"}).json()["next_cursor"]
    cache.add(reading.EXPIRING_KEY, 1)  # another reader is writing what fell due

    def the_other_reader_finishes(_seconds):
        changelog.expire_due(later)
        cache.delete(reading.EXPIRING_KEY)

    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("time.sleep", side_effect=the_other_reader_finishes),
    ):
        changes = client.get(CHANGES, {"feed": "directory", "cursor": cursor}).json()["changes"]
        assert feed_names(client) == ["Ana Ruiz", "Ben Cole"]
    assert [(c["op"], c["item"]["title"]) for c in changes] == [("upsert", "Ana Ruiz")]


def test_deleting_a_therapist_is_a_tombstone(client, listings, committed):
    cursor = client.get(CHANGES, {"feed": "directory"}).json()["next_cursor"]
    with committed():
        listings["ben"].delete()
    changes = client.get(CHANGES, {"feed": "directory", "cursor": cursor}).json()["changes"]
    assert [(c["op"], c["tombstone"]["reason"]) for c in changes] == [("delete", "deleted")]


def test_directory_items_are_json_feed_items(client, listings):
    feed = client.get(DIRECTORY).json()
    for item in feed["items"]:
        assert item.get("content_text") or item.get("content_html")
        json.dumps(item)


def test_a_near_page_whose_rows_all_fall_outside_the_circle_still_pages(
    client, db, site, committed
):
    """The box holds the circle's corners: a page of such rows is empty, not a 500, and its
    next_url goes on after them."""
    with committed():
        corner = location_at(37.7749 + 0.006, -122.4194 + 0.008, postal_code="94110")  # ~1 km
        centre = location_at(37.7749, -122.4194, postal_code="94110")
        listed_therapist([corner], name="Corner Case", slug="corner")
        listed_therapist([centre], name="Dead Centre", slug="centre")
    first = client.get(DIRECTORY, {"near": "37.7749,-122.4194", "radius": "0.9", "limit": "1"})
    assert first.status_code == 200
    assert first.json()["items"] == []
    second = client.get(first.json()["next_url"].removeprefix("http://testserver"))
    assert [item["title"] for item in second.json()["items"]] == ["Dead Centre"]
