"""Geo + text search: the text match is checked inside the geo candidates only, by the
database (an SQL intersection on SQLite, a primary-key probe on PostgreSQL)."""

import pytest
from django.utils import timezone

from .factories import LicenceFactory, listed_therapist, location_at

pytestmark = pytest.mark.django_db

ORIGIN = {"lat": 25.76168, "lng": -80.19179}


@pytest.fixture
def runners(db):
    listed_therapist(
        [location_at(25.77, -80.19)], name="Both Words", slug="both", bio="Deep tissue, runners"
    )
    listed_therapist(
        [location_at(25.78, -80.19)], name="One Word", slug="one", bio="Massage for runners"
    )
    # Matches every word but sits 330 km away.
    listed_therapist([location_at(28.53834, -81.37924)], name="Far", slug="far", bio="deep runners")
    # Match the text and the radius, but are not public.
    listed_therapist(
        [location_at(25.76, -80.19)], licence=False, name="Unlicensed", slug="unlicensed",
        bio="deep runners",
    )  # fmt: skip
    expired = listed_therapist(
        [location_at(25.76, -80.19)], licence=False, name="Expired", slug="expired",
        bio="deep runners",
    )  # fmt: skip
    LicenceFactory(therapist=expired, expires_on=timezone.localdate())
    unverified = listed_therapist(
        [location_at(25.76, -80.19)], licence=False, name="Unverified", slug="unverified",
        bio="deep runners",
    )  # fmt: skip
    LicenceFactory(therapist=unverified, verified_at=None)
    # Plenty of text matches outside the radius: the candidates, not the match set, drive.
    for n in range(5):
        listed_therapist([location_at(40.7 + n / 100, -74.0)], slug=f"ny-{n}", bio="deep runners")


def test_every_term_must_match_within_the_radius_and_only_public_therapists(client, runners):
    body = client.get("/api/v1/directory/search", {**ORIGIN, "radius": 25, "q": "runn dee"}).json()
    assert [hit["slug"] for hit in body["results"]] == ["both"]
    assert body["count"] == 1
    assert body["facets"]["language"] == {"en": 1}

    words = client.get("/api/v1/directory/search", {**ORIGIN, "radius": 25, "q": "runners"}).json()
    assert sorted(hit["slug"] for hit in words["results"]) == ["both", "one"]


def test_nearest_beyond_the_radius_also_needs_the_text(client, runners):
    params = {"lat": 28.0, "lng": -81.0, "radius": 5, "q": "deep runners"}
    body = client.get("/api/v1/directory/search", params).json()
    assert body["nearest_beyond_radius"] is True
    assert [hit["slug"] for hit in body["results"]][0] == "far"
    assert {"unlicensed", "expired", "unverified", "one"}.isdisjoint(
        hit["slug"] for hit in body["results"]
    )


def test_geo_text_search_query_count_does_not_grow_with_results(
    client, runners, django_assert_max_num_queries
):
    # Page of cards: therapists, licences, modalities, the nearest locations; plus the geo
    # query, the text check and the facets.
    params = {**ORIGIN, "radius": 500, "q": "deep", "language": "en"}
    with django_assert_max_num_queries(10):
        body = client.get("/api/v1/directory/search", params).json()
    assert body["count"] == 2
    assert [hit["location"]["latitude"] for hit in body["results"]] == [25.77, 28.53834]
