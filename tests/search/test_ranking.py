"""Ranking and indexing: the database's own full-text index, ranked, filtered, never leaking
drafts."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from search import indexing, ranking
from search.ranking import Filters
from tests.education import factories

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.title for hit in results.hits]


def test_every_word_must_match_and_title_hits_rank_first(content):
    results = ranking.search("neck")
    assert results.total == 2
    assert set(titles(results)) == {"Neck release", "Neck pain at work"}
    assert titles(ranking.search("neck desk")) == ["Neck release"]


def test_stems_match_and_a_cut_last_word_matches_only_when_nothing_else_does(content):
    assert "Calf care" in titles(ranking.search("rolling"))
    assert titles(ranking.search("calves")) == ["Calf care"]
    # "stif" is no word: read as the start of one, it finds "stiff".
    assert titles(ranking.search("neck stif")) == ["Neck release"]
    # "tire" is a word ("tired" shares its stem), so it is not widened to words like "tirelessly".
    assert ranking.search("tire").total == 2


def test_a_long_body_gets_a_headline_from_around_its_match(sections):
    filler = "<p>" + "Sit tall and let your shoulders drop. " * 400 + "</p>"
    late = "<p>Finish with a slow scapular squeeze.</p>"
    factories.guide(
        sections["guides"],
        "Long desk guide",
        body=[{"type": "paragraph", "value": filler + late}],
    )
    hit = ranking.search("scapular").hits[0]
    assert "scapular" in hit.snippet
    assert "<mark>scapular</mark>" in hit.snippet_html
    assert hit.snippet_html.count("<mark>") == 1


def test_filters_narrow_the_results(content):
    assert titles(ranking.search("tired", Filters(area="calves"))) == ["Calf care"]
    assert titles(ranking.search("tired", Filters(condition="neck-pain"))) == ["Neck release"]
    assert titles(ranking.search("neck", Filters(kind="guide"))) == ["Neck pain at work"]
    assert ranking.search("calf", Filters(max_minutes=10)).total == 0
    assert ranking.search("calf", Filters(difficulty="moderate")).total == 1


def test_taxonomy_names_and_synonyms_are_searchable(content, taxonomy):
    taxonomy["neck_pain"].synonyms = "cervicalgia"
    taxonomy["neck_pain"].save()
    assert titles(ranking.search("cervicalgia")) == ["Neck release"]


def test_drafts_unpublished_and_private_pages_are_never_found(content):
    content["calf"].unpublish()
    assert ranking.search("calf").total == 0
    PageViewRestriction.objects.create(
        page=content["neck"].get_parent(), restriction_type="password", password="x"
    )
    assert titles(ranking.search("neck")) == ["Neck pain at work"]


def test_edits_reach_the_index_on_publish_only(content):
    page = content["neck"]
    page.title = "Trapezius release"
    page.save_revision()
    assert titles(ranking.search("trapezius")) == []
    page.get_latest_revision().publish()
    assert titles(ranking.search("trapezius")) == ["Trapezius release"]


@pytest.mark.parametrize("query", ['"', "neck OR", "NEAR(", "*", "a:b", "'); DROP TABLE x; --"])
def test_query_syntax_in_user_input_is_inert(content, query):
    ranking.search(query)  # no database error


def test_rebuild_matches_incremental_indexing(content):
    before = {(hit.page_id, hit.title) for hit in ranking.search("neck").hits}
    assert indexing.rebuild() == 8  # the home page, three indexes and four content pages
    assert {(hit.page_id, hit.title) for hit in ranking.search("neck").hits} == before


def test_the_full_text_index_is_the_databases_own(content):
    sql = {
        "sqlite": "SELECT count(*) FROM search_entry_fts WHERE search_entry_fts MATCH 'neck'",
        "postgresql": "SELECT count(*) FROM search_vector "
        "WHERE vector @@ to_tsquery('english', 'neck')",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        assert cursor.fetchone()[0] == 2


def test_the_index_follows_every_write_to_the_entries(content):
    """The database keeps its own index in step: updates and deletes."""
    content["calf"].title = "Shin splints care"
    content["calf"].save_revision().publish()
    assert titles(ranking.search("shin")) == ["Shin splints care"]
    assert ranking.search("calf care").total == 0
    content["neck"].delete()
    assert titles(ranking.search("neck")) == ["Neck pain at work"]


@pytest.mark.postgres
def test_truncating_the_entries_empties_the_vector_table(content):
    """Django's flush truncates the entries without a row trigger firing: a statement trigger
    empties the narrow vector table too (SQLite has no TRUNCATE)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending checks
        cursor.execute("TRUNCATE search_entry")
        cursor.execute("SELECT count(*) FROM search_vector")
        assert cursor.fetchone()[0] == 0
    assert ranking.search("neck").total == 0


def test_rebuild_command_reports_what_it_indexed(content, capsys):
    call_command("rebuild_site_search")
    assert "Indexed 8 searchable pages." in capsys.readouterr().out
    assert ranking.search("neck").total == 2


def test_diacritics_fold_the_same_way_on_both_databases(sections):
    factories.guide(
        sections["guides"],
        "After your session",
        body=[{"type": "paragraph", "value": "<p>Rest in the café and sip water.</p>"}],
    )
    assert titles(ranking.search("cafe")) == ["After your session"]
    assert titles(ranking.search("CAFÉ")) == ["After your session"]


def test_links_are_the_urls_wagtail_gives_on_one_site_or_two(rf, sections, site):
    guide = factories.guide(sections["guides"], "Neck at work")
    hit = ranking.search("neck work").hits[0]
    clinic = Site.objects.create(hostname="clinic.example", port=80, root_page=sections["guides"])
    for host in ("testserver", "clinic.example"):
        request = rf.get("/search/", HTTP_HOST=host)
        roots = Site.get_site_root_paths()
        assert ranking.page_url(hit.url_path, roots, request) == guide.get_url(request)
        assert ranking.page_url(hit.url_path, roots, request, full=True) == guide.get_full_url(
            request
        )
    clinic.delete()
    request = rf.get("/search/")
    assert ranking.page_url(hit.url_path, Site.get_site_root_paths(), request) == guide.url


def test_a_page_without_a_search_document_is_found_by_its_title_and_description(home_page):
    home_page.search_description = "Massage and self-care in Zebraville."
    home_page.save_revision().publish()
    hit = ranking.search("zebraville").hits[0]
    assert (hit.kind, hit.kind_label, hit.title) == ("page", "Page", "Home")
    assert hit.summary == "Massage and self-care in Zebraville."


def test_a_page_outside_its_schedule_is_neither_found_nor_counted(content, sections):
    # Published with an expiry that has now passed: still live until publish_scheduled runs.
    now = timezone.now()
    expired = factories.routine(
        sections["routines"],
        "Zephyr stretch expired",
        summary="A zephyr of a stretch.",
        expire_at=now - datetime.timedelta(minutes=1),
    )
    current = factories.routine(
        sections["routines"],
        "Zephyr stretch current",
        summary="A zephyr of a stretch.",
        expire_at=now + datetime.timedelta(days=1),
    )
    results = ranking.search("zephyr")
    assert titles(results) == [current.title]
    assert results.total == 1
    filtered = ranking.search("zephyr stretch", Filters(kind="routine"))
    assert titles(filtered) == [current.title]
    assert filtered.total == 1
    # The entry is still there, with its expiry: nothing has to run when the clock passes it.
    assert indexing.SearchEntry.objects.filter(page_id=expired.pk, expire_at__isnull=False)
    with mock.patch("django.utils.timezone.now", return_value=now - datetime.timedelta(hours=1)):
        assert ranking.search("zephyr").total == 2
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(days=2)):
        assert ranking.search("zephyr").total == 0
