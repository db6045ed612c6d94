"""The CSV importer is a writer like any other: its URLs follow the models' http(s) rule, the
HTML a file carries never reaches a page, and its bulk writes (which skip save()) go through
the same rich-text cleaning as a save."""

import pytest

from directory import importer
from directory.models import Clinic, Licence, Location, Service, Therapist
from tests.home.test_links import BAD, _assert_no_bad_href, _jsonld

from .test_import import GOOD, run

pytestmark = pytest.mark.django_db

URL_COLUMNS = ["booking_url", "board_lookup_url", "clinic_website"]
# Vectors that could reach a CSV cell (csv keeps tabs and spaces inside a quoted field).
FILE_VECTORS = [
    "javascript",
    "upper case",
    "tab inside",
    "data",
    "vbscript",
    "protocol-relative",
    "entity colon",
]


@pytest.mark.parametrize("column", URL_COLUMNS)
@pytest.mark.parametrize("vector", FILE_VECTORS)
def test_a_bad_url_is_a_row_error_naming_the_column(column, vector):
    report = run({**GOOD, column: BAD[vector]})
    assert [(e.row, e.field) for e in report.errors] == [(2, column)]
    assert "https://" in report.errors[0].reason
    assert not Therapist.objects.exists() and not Clinic.objects.exists()


def test_an_ftp_url_the_admin_would_refuse_is_refused_here_too():
    report = run({**GOOD, "booking_url": "ftp://files.example/book"})
    assert [e.field for e in report.errors] == ["booking_url"]


def test_a_url_too_long_for_the_field_is_an_error_not_a_cut_off_link():
    long_url = "https://book.example/" + "a" * 200
    report = run({**GOOD, "booking_url": long_url})
    assert [(e.field, e.reason) for e in report.errors] == [
        ("booking_url", "At most 200 characters.")
    ]


def test_good_urls_are_stored_as_given():
    run(
        {
            **GOOD,
            "booking_url": "https://book.example/maria?from=csv",
            "board_lookup_url": "http://board.example/lookup?n=MA12345",
            "clinic_website": "https://harbor.example/",
        }
    )
    therapist = Therapist.objects.get()
    assert therapist.booking_url == "https://book.example/maria?from=csv"
    assert therapist.licences.get().board_lookup_url == "http://board.example/lookup?n=MA12345"
    assert Clinic.objects.get().website == "https://harbor.example/"


def test_html_in_imported_text_is_shown_as_text(client, home_page):
    run(
        {
            **GOOD,
            "name": "Maria <b onmouseover=alert(1)>Lopez</b>",
            "bio": "Deep tissue.<script>alert('xss-bio')</script><iframe src=//evil.example>",
        }
    )
    therapist = Therapist.objects.get()
    html = client.get(therapist.get_absolute_url()).content.decode()
    assert "<script>alert('xss-bio')" not in html
    assert "<b onmouseover" not in html and "<iframe" not in html
    assert "Maria &lt;b onmouseover=alert(1)&gt;Lopez&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(&#x27;xss-bio&#x27;)" in html  # the words, escaped
    _assert_no_bad_href(html)
    # In the JSON-LD the text is data: "<" is escaped so it cannot close the script element.
    graph = next(d for d in _jsonld(html) if "@graph" in d)["@graph"]
    person = next(node for node in graph if node["@type"] == "Person")
    assert person["name"] == "Maria <b onmouseover=alert(1)>Lopez</b>"
    assert "\\u003cb onmouseover" in html


def test_every_bulk_write_goes_through_the_rich_text_cleaner(monkeypatch):
    """bulk_create and bulk_update send no pre_save: the importer hands every object it
    writes to home.sanitize.clean_instances() first (a re-import takes the update path)."""
    cleaned = []
    original = importer.clean_instances

    def recording(instances):
        cleaned.extend(type(obj) for obj in instances)
        return original(instances)

    monkeypatch.setattr(importer, "clean_instances", recording)
    run(GOOD)
    assert {Therapist, Licence, Location, Clinic, Service} <= set(cleaned)

    cleaned.clear()
    run({**GOOD, "bio": "Updated bio.", "booking_url": "https://book.example/new"})
    assert Therapist in cleaned and Licence in cleaned
    assert Therapist.objects.get().bio == "Updated bio."
