import re

import pytest

from directory.models import Postcode
from directory.search import bounding_box, great_circle_km

from .factories import listed_therapist, location_at

pytestmark = pytest.mark.django_db

# Miami downtown, and places at known distances from it.
ORIGIN = (25.76168, -80.19179)


def test_great_circle_distance_matches_known_value():
    # Miami to Orlando is about 330 km as the crow flies.
    assert great_circle_km(*ORIGIN, 28.53834, -81.37924) == pytest.approx(330, abs=5)


def test_bounding_box_contains_the_circle():
    min_lat, max_lat, min_lng, max_lng = bounding_box(*ORIGIN, 25)
    assert great_circle_km(*ORIGIN, max_lat, ORIGIN[1]) == pytest.approx(25, rel=0.01)
    assert great_circle_km(*ORIGIN, ORIGIN[0], max_lng) >= 25 * 0.999
    assert min_lat < ORIGIN[0] < max_lat and min_lng < ORIGIN[1] < max_lng


@pytest.fixture
def miami(db):
    near = listed_therapist([location_at(25.77000, -80.19000)], name="Near Swedish", slug="near")
    mid = listed_therapist(
        [location_at(25.90000, -80.20000, wheelchair_accessible=True)],
        name="Mid Deep",
        slug="mid",
        bio="Deep tissue for runners",
        languages="en,es",
        accepting_new_clients=False,
    )
    # Two locations: the nearer one (about 10 km) counts.
    far = listed_therapist(
        [location_at(26.71534, -80.05337), location_at(25.70000, -80.28000)],
        name="Two Places",
        slug="two-places",
        languages="es",
    )
    orlando = listed_therapist([location_at(28.53834, -81.37924)], name="Orlando", slug="orlando")
    return near, mid, far, orlando


def slugs(response):
    assert response.status_code == 200, response.content
    return [hit["slug"] for hit in response.json()["results"]]


def test_radius_search_orders_by_distance(client, miami):
    response = client.get(
        "/api/v1/directory/search", {"lat": ORIGIN[0], "lng": ORIGIN[1], "radius": 25}
    )
    assert slugs(response) == ["near", "two-places", "mid"]
    body = response.json()
    assert body["count"] == 3
    assert body["nearest_beyond_radius"] is False
    distances = [hit["distance_km"] for hit in body["results"]]
    assert distances == sorted(distances)
    assert body["results"][1]["location"]["latitude"] == 25.7


def test_miles_are_converted(client, miami):
    # 10 miles = 16.1 km: the 10 km therapist is in, the 15.6 km one is in, Orlando is not.
    response = client.get(
        "/api/v1/directory/search", {"lat": ORIGIN[0], "lng": ORIGIN[1], "radius": 10, "unit": "mi"}
    )
    assert response.json()["radius_km"] == pytest.approx(16.093, abs=0.01)
    assert "orlando" not in slugs(response)


def test_postcode_centroid_search(client, miami):
    Postcode.objects.create(
        country="US", postal_code="32801", place_name="Orlando", latitude=28.54, longitude=-81.38
    )
    response = client.get("/api/v1/directory/search", {"postcode": "32801", "radius": 5})
    assert slugs(response) == ["orlando"]


def test_nothing_within_radius_shows_nearest_beyond(client, miami):
    params = {"lat": 27.0, "lng": -81.0, "radius": 5}
    body = client.get("/api/v1/directory/search", params).json()
    assert body["nearest_beyond_radius"] is True
    assert body["count"] >= 1
    page = client.get("/find-a-therapist/", params).content.decode()
    assert "No therapists within 5 km match" in page


def test_text_and_filters_and_facets(client, miami):
    response = client.get(
        "/api/v1/directory/search",
        {"q": "runners", "lat": ORIGIN[0], "lng": ORIGIN[1], "radius": 25, "language": "es"},
    )
    assert slugs(response) == ["mid"]
    facets = response.json()["facets"]
    assert facets["language"] == {"en": 1, "es": 1}
    assert facets["accepting"] == 0

    everyone = client.get("/api/v1/directory/search", {"lat": ORIGIN[0], "lng": ORIGIN[1]}).json()
    assert everyone["facets"]["language"] == {"en": 2, "es": 2}
    assert everyone["facets"]["accepting"] == 2
    wheelchair = client.get(
        "/api/v1/directory/search", {"lat": ORIGIN[0], "lng": ORIGIN[1], "wheelchair": "1"}
    )
    assert slugs(wheelchair) == ["mid"]
    not_accepting = client.get("/api/v1/directory/search", {"accepting": "1", "q": "runners"})
    assert slugs(not_accepting) == []


def test_text_search_ranks_and_paginates_in_the_database(client, miami):
    body = client.get("/api/v1/directory/search", {"q": "swed", "page_size": 1}).json()
    assert body["count"] == 3  # prefix match: "swedish" in three bios
    assert body["pages"] == 3
    top = body["results"][0]["slug"]
    assert top == "near"  # the name matches as well as the bio
    second = client.get("/api/v1/directory/search", {"q": "swed", "page_size": 1, "page": 2}).json()
    assert second["results"][0]["slug"] != top


def test_accents_and_case_fold_the_same_way(client, miami):
    assert slugs(client.get("/api/v1/directory/search", {"q": "RÚNNERS"})) == ["mid"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"radius": "0"}, "radius"),
        ({"radius": "501"}, "radius"),
        ({"radius": "-3"}, "radius"),
        ({"lat": "91", "lng": "0"}, "lat"),
        ({"lat": "10"}, "lng"),
        ({"lng": "nan", "lat": "1"}, "lng"),
        ({"page": "-1"}, "page"),
        ({"page": "abc"}, "page"),
        ({"postcode": "00000"}, "postcode"),
        ({"q": "x" * 10_000}, "q"),
        ({"language": "xx"}, "language"),
        ({"gender": "other"}, "gender"),
        ({"page_size": "1000"}, "page_size"),
    ],
)
def test_bad_search_parameters_get_a_400_naming_the_field(client, params, field):
    response = client.get("/api/v1/directory/search", params)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    # Problem JSON (home/params.py): every bad parameter, each with its reason.
    assert field in [error["name"] for error in body["errors"]]
    assert all(error["reason"] for error in body["errors"])


def test_bad_parameters_on_the_page_get_a_friendly_message(client, home_page):
    response = client.get("/find-a-therapist/", {"radius": "900", "postcode": "33131"})
    assert response.status_code == 400
    assert "The radius must be more than 0 and at most 500." in response.content.decode()


def test_search_page_renders_results_with_licence_numbers_and_shareable_links(client, miami):
    response = client.get("/find-a-therapist/", {"q": "swedish", "accepting": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Near Swedish" in html
    assert "Licence FL MA" in html
    assert "Mid Deep" not in html


def test_page_beyond_the_last_is_empty_not_an_error(client, miami):
    body = client.get("/api/v1/directory/search", {"page": 50}).json()
    assert body["results"] == [] and body["count"] == 4


def test_condition_filter_text_and_facet(client, miami):
    from education.models import Condition

    neck = Condition.objects.create(name="Neck pain", slug="neck-pain")
    near, mid, *_ = miami
    near.conditions.set([neck])
    near.save()  # commits the relation and reindexes the condition's name
    body = client.get("/api/v1/directory/search", {"condition": "neck-pain"}).json()
    assert [hit["slug"] for hit in body["results"]] == ["near"]
    assert body["facets"]["condition"] == [{"value": "neck-pain", "label": "Neck pain", "count": 1}]
    assert slugs(client.get("/api/v1/directory/search", {"q": "neck"})) == ["near"]


def test_page_speaks_miles_when_asked(client, miami):
    html = client.get(
        "/find-a-therapist/", {"lat": ORIGIN[0], "lng": ORIGIN[1], "radius": 10, "unit": "mi"}
    ).content.decode()
    assert "within 10 miles" in html
    assert re.search(r"<strong>\d+\.\d mi</strong>", html)
