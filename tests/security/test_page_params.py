"""The HTML pages' parameters: a value we cannot read is the site's 400 page naming it; a
readable one we don't use is still ignored with a notice (tests/education, tests/search)."""

import logging

import pytest

from tests.education import factories

pytestmark = pytest.mark.django_db

UNREADABLE = {
    "page": ["²", "٣", "１", "9223372036854775808"],
    "max_time": ["²", "٣5", "99999999999999999999"],
    "area": ["\x00", "neck\x00", "%ff"],
    "condition": ["\x00", "%fe%ff"],
}


@pytest.fixture
def pages(sections, taxonomy):
    factories.routine(sections["routines"], "Neck release", body_areas=[taxonomy["neck"]])
    return {
        "/search/": {"q": "neck"},
        sections["routines"].url: {},
        sections["guides"].url: {},
    }


def get(client, url, params, name, value):
    if value.startswith("%"):  # raw bytes that are not UTF-8
        query = "&".join([*(f"{k}={v}" for k, v in params.items()), f"{name}={value}"])
        return client.get(f"{url}?{query}")
    return client.get(url, {**params, name: value})


def assert_400_page(response, name):
    assert response.status_code == 400, (response.status_code, response.content[:200])
    html = response.content.decode()
    assert "We can’t read that address" in html
    assert f"<code>{name}</code>" in html
    assert '<html lang="' in html and 'id="main"' in html  # the site's own page: landmarks


@pytest.mark.parametrize(
    ("name", "value"), [(name, value) for name, values in UNREADABLE.items() for value in values]
)
def test_unreadable_values_are_the_400_page_naming_them(client, pages, name, value):
    for url, params in pages.items():
        assert_400_page(get(client, url, params, name, value), name)


def test_a_parameter_given_twice_is_a_400(client, pages):
    for url in pages:
        assert_400_page(client.get(f"{url}?q=neck&page=1&page=2"), "page")


def test_readable_values_we_do_not_use_still_answer_the_page(client, pages, sections):
    html = client.get(sections["routines"].url, {"max_time": "soon", "page": "two"})
    assert html.status_code == 200
    assert "“soon” is not a time in minutes" in html.content.decode()
    response = client.get("/search/", {"q": "neck", "max_time": "x", "page": "0"})
    assert response.status_code == 200 and "1 result" in response.content.decode()


def test_the_400_is_one_warning_line_without_a_traceback(client, pages, sections, caplog):
    with caplog.at_level(logging.INFO):
        client.get(sections["routines"].url, {"max_time": "²"})
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record.getMessage() for record in warnings] == [
        f"bad parameter max_time on GET {sections['routines'].url}: "
        "must be written in ASCII digits 0-9"
    ]
    assert warnings[0].exc_info is None
