"""/api/v1/search: the site search as JSON, live public pages only, a fixed query budget."""

import pytest
from wagtail.models import PageViewRestriction

from tests.education import factories

pytestmark = pytest.mark.django_db


def test_search_endpoint(client, sections):
    page = factories.routine(sections["routines"], "Neck release")
    data = client.get("/api/v1/search?q=neck&type=routine").json()
    assert data["count"] == 1
    assert data["results"][0]["url"] == page.full_url
    assert data["results"][0]["type"] == "routine"
    assert data["results"][0]["reading_grade"] == float(page.reading_grade)
    assert client.get("/api/v1/search").json()["field"] == "q"
    assert client.get("/api/v1/search?q=" + "x" * 201).status_code == 400


@pytest.mark.parametrize(
    ("query", "field"),
    [("type=video", "type"), ("area=elbow", "area"), ("page_size=500", "page_size")],
)
def test_bad_parameters_are_a_400_naming_the_field(client, home_page, query, field):
    response = client.get(f"/api/v1/search?q=neck&{query}")
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_unpublished_and_private_pages_are_never_served(client, sections):
    draft = factories.routine(sections["routines"], "Private draft")
    draft.unpublish()
    private = factories.routine(sections["routines"], "Private room")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    assert client.get("/api/v1/search?q=private").json() == {
        "count": 0,
        "page": 1,
        "page_size": 20,
        "results": [],
    }


def test_query_count_is_fixed_however_many_hits(client, sections, django_assert_max_num_queries):
    for number in range(20):
        factories.routine(sections["routines"], f"Neck routine {number}")
    # SQLite: rank, count, entries, snippets; PostgreSQL: one. Then the request's site.
    with django_assert_max_num_queries(5):
        data = client.get("/api/v1/search?q=neck").json()
    assert data["count"] == 20 and len(data["results"]) == 20
