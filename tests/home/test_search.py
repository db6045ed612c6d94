"""Site search: the database's own full-text index, ranked, filtered, never leaking drafts."""

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import PageViewRestriction

from education import search
from tests.education import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(home_page):
    return factories.sections(home_page)


@pytest.fixture
def taxonomy(db):
    return factories.taxonomy()


@pytest.fixture
def content(sections, taxonomy):
    routines = sections["routines"]
    return {
        "neck": factories.routine(
            routines,
            "Neck release",
            summary="Ease a tired, stiff neck after a day at a desk.",
            body_areas=[taxonomy["neck"]],
            conditions=[taxonomy["neck_pain"]],
        ),
        "calf": factories.routine(
            routines,
            "Calf care",
            summary="Roll and stretch tired calves after a run.",
            difficulty="moderate",
            total_minutes=20,
            body_areas=[taxonomy["calves"]],
            conditions=[taxonomy["soreness"]],
        ),
        "guide": factories.guide(
            sections["guides"], "Neck pain at work", summary="Why screens hurt your neck."
        ),
        "modality": factories.modality(sections["modalities"], "Swedish massage"),
    }


def titles(results):
    return [hit.title for hit in results.hits]


def test_every_word_must_match_and_title_hits_rank_first(content):
    results = search.search("neck")
    assert results.total == 2
    assert set(titles(results)) == {"Neck release", "Neck pain at work"}
    assert titles(search.search("neck desk")) == ["Neck release"]


def test_stems_match_and_a_cut_last_word_matches_only_when_nothing_else_does(content):
    assert "Calf care" in titles(search.search("rolling"))
    assert titles(search.search("calves")) == ["Calf care"]
    # "stif" is no word: read as the start of one, it finds "stiff".
    assert titles(search.search("neck stif")) == ["Neck release"]
    # "tire" is a word ("tired" shares its stem), so it is not widened to words like "tirelessly".
    assert search.search("tire").total == 2


def test_a_long_body_gets_a_headline_from_around_its_match(sections):
    filler = "<p>" + "Sit tall and let your shoulders drop. " * 400 + "</p>"
    late = "<p>Finish with a slow scapular squeeze.</p>"
    factories.guide(
        sections["guides"],
        "Long desk guide",
        body=[{"type": "paragraph", "value": filler + late}],
    )
    hit = search.search("scapular").hits[0]
    assert "scapular" in hit.snippet
    assert "<mark>scapular</mark>" in hit.snippet_html
    assert hit.snippet_html.count("<mark>") == 1


def test_filters_narrow_the_results(content):
    assert titles(search.search("tired", search.Filters(area="calves"))) == ["Calf care"]
    assert titles(search.search("tired", search.Filters(condition="neck-pain"))) == ["Neck release"]
    assert titles(search.search("neck", search.Filters(kind="guide"))) == ["Neck pain at work"]
    assert search.search("calf", search.Filters(max_minutes=10)).total == 0
    assert search.search("calf", search.Filters(difficulty="moderate")).total == 1


def test_taxonomy_names_and_synonyms_are_searchable(content, taxonomy):
    taxonomy["neck_pain"].synonyms = "cervicalgia"
    taxonomy["neck_pain"].save()
    assert titles(search.search("cervicalgia")) == ["Neck release"]


def test_drafts_unpublished_and_private_pages_are_never_found(content):
    content["calf"].unpublish()
    assert search.search("calf").total == 0
    PageViewRestriction.objects.create(
        page=content["neck"].get_parent(), restriction_type="password", password="x"
    )
    assert titles(search.search("neck")) == ["Neck pain at work"]


def test_edits_reach_the_index_on_publish_only(content):
    page = content["neck"]
    page.title = "Trapezius release"
    page.save_revision()
    assert titles(search.search("trapezius")) == []
    page.get_latest_revision().publish()
    assert titles(search.search("trapezius")) == ["Trapezius release"]


@pytest.mark.parametrize("query", ['"', "neck OR", "NEAR(", "*", "a:b", "'); DROP TABLE x; --"])
def test_query_syntax_in_user_input_is_inert(content, query):
    search.search(query)  # no database error


def test_rebuild_matches_incremental_indexing(content):
    before = {(hit.page_id, hit.title) for hit in search.search("neck").hits}
    assert search.rebuild() == 8  # the home page, three indexes and four content pages
    assert {(hit.page_id, hit.title) for hit in search.search("neck").hits} == before


def test_the_full_text_index_is_the_databases_own(content):
    sql = {
        "sqlite": "SELECT count(*) FROM education_search_fts "
        "WHERE education_search_fts MATCH 'neck'",
        "postgresql": "SELECT count(*) FROM education_searchvector "
        "WHERE vector @@ to_tsquery('english', 'neck')",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        assert cursor.fetchone()[0] == 2


def test_the_index_follows_every_write_to_the_entries(content):
    """The database keeps its own index in step: updates, deletes and a flush's TRUNCATE."""
    content["calf"].title = "Shin splints care"
    content["calf"].save_revision().publish()
    assert titles(search.search("shin")) == ["Shin splints care"]
    assert search.search("calf care").total == 0
    content["neck"].delete()
    assert titles(search.search("neck")) == ["Neck pain at work"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending checks
            cursor.execute("TRUNCATE education_searchentry")
            cursor.execute("SELECT count(*) FROM education_searchvector")
            assert cursor.fetchone()[0] == 0


def test_rebuild_command_reports_what_it_indexed(content, capsys):
    call_command("rebuild_site_search")
    assert "Indexed 8 searchable pages." in capsys.readouterr().out
    assert search.search("neck").total == 2


def test_search_page_shows_ranked_results_with_filters_and_snippets(client, content):
    response = client.get("/search/", {"q": "neck", "type": "routine"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 result for “neck”" in html
    assert f'href="{content["neck"].url}"' in html
    assert "<mark>" in html or "Neck release" in html
    assert '<option value="routine" selected>' in html


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


def test_search_page_query_count_does_not_grow_with_results(
    client, sections, django_assert_max_num_queries
):
    for number in range(3):
        factories.routine(sections["routines"], f"Neck routine {number}")
    client.get("/search/?q=neck")
    with django_assert_max_num_queries(100) as few:
        client.get("/search/?q=neck")
    # Read now: every request start empties the connection's query log that `few` slices.
    baseline = len(few)
    for number in range(3, 15):
        factories.routine(sections["routines"], f"Neck routine {number}")
    client.get("/")  # publishing cleared the cached menu; rebuild it outside the count
    with django_assert_max_num_queries(baseline):
        client.get("/search/?q=neck")
