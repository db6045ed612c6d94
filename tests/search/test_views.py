"""/search/: the search page, with filters, paging and a fixed query budget."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.education import factories

pytestmark = pytest.mark.django_db


def test_search_page_shows_ranked_results_with_filters_and_snippets(client, content):
    response = client.get("/search/", {"q": "neck", "type": "routine"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 result for “neck”" in html
    assert f'href="{content["neck"].url}"' in html
    assert "<mark>" in html or "Neck release" in html
    assert '<option value="routine" selected>' in html
    grade = content["neck"].reading_grade.quantize(Decimal(1), ROUND_HALF_UP)
    assert f"Self-care routine · Reading level: grade {grade}</p>" in html


def test_search_page_keeps_every_chosen_filter(client, content):
    query = {"q": "calf", "area": "calves", "condition": "soreness", "difficulty": "moderate"}
    html = client.get("/search/", {**query, "max_time": "20", "type": "routine"}).content.decode()
    assert "1 result for “calf”" in html
    for option in ('"calves" selected', '"soreness" selected', '"moderate" selected'):
        assert f"<option value={option}>" in html
    assert '<option value="20" selected>20 min or less</option>' in html


def test_search_page_ignores_unknown_filters_with_a_message(client, content):
    html = client.get("/search/", {"q": "neck", "area": "elbow", "max_time": "x"}).content.decode()
    assert "We have no body area called “elbow”" in html
    assert "2 results for “neck”" in html


def test_search_page_pages_and_keeps_filters_in_links(client, sections):
    for number in range(12):
        factories.routine(sections["routines"], f"Neck routine {number}")
    html = client.get("/search/", {"q": "neck", "type": "routine"}).content.decode()
    assert "12 results" in html
    assert 'href="?q=neck&amp;type=routine&amp;page=2"' in html
    page_two = client.get("/search/", {"q": "neck", "type": "routine", "page": 2})
    assert page_two.content.decode().count('class="results__item"') == 2
    past_the_end = client.get("/search/", {"q": "neck", "page": 9}).content.decode()
    assert past_the_end.count('class="results__item"') == 10


def test_search_page_rejects_overlong_queries_politely(client, home_page):
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 200
    assert "Please use at most 200 characters." in response.content.decode()


def test_search_page_costs_a_fixed_few_queries(client, sections, django_assert_max_num_queries):
    for number in range(15):
        factories.routine(sections["routines"], f"Neck routine {number}")
    client.get("/search/?q=neck")  # the menu and the filter options are cached from now on
    # The ranking (SQLite: rank, count, entries, snippets; PostgreSQL: one query), then the
    # request's site and its settings for the base template. No page is looked up.
    with django_assert_max_num_queries(6):
        html = client.get("/search/?q=neck").content.decode()
    assert "15 results" in html and html.count('class="results__item"') == 10


def test_search_page_never_links_a_page_taken_offline(client, sections):
    kept = factories.routine(sections["routines"], "Neck release")
    gone = factories.routine(sections["routines"], "Neck reset")
    gone.unpublish()
    html = client.get("/search/", {"q": "neck"}).content.decode()
    assert "1 result for" in html
    assert f'href="{kept.url}"' in html and gone.url_path.split("/")[-2] not in html


def test_filter_options_follow_the_taxonomy(client, sections):
    area = factories.BodyAreaFactory(name="Zebrawood", slug="zebrawood")
    assert '<option value="zebrawood">Zebrawood</option>' in client.get("/search/").content.decode()
    area.name = "Quokkawood"
    area.save()
    assert ">Quokkawood</option>" in client.get("/search/").content.decode()
    area.delete()
    assert "Quokkawood" not in client.get("/search/").content.decode()
