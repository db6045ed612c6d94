"""Our JSON API's parameters: typed, and a bad value is a 400 problem JSON naming it."""

import logging

import pytest

from tests.education import factories

pytestmark = pytest.mark.django_db


def problem(response, name):
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["type"] and body["title"]
    assert name in [error["name"] for error in body["errors"]], body
    assert all(error["reason"] for error in body["errors"])
    assert name in body["detail"]
    return body


@pytest.mark.parametrize("name", ["page", "page_size", "max_time"])
@pytest.mark.parametrize("value", ["²", "٣", "１", "9223372036854775808", "1_0", "-1"])
def test_unicode_digits_and_huge_numbers_are_a_400(client, home_page, name, value):
    problem(client.get("/api/v1/education/routines", {name: value}), name)
    problem(client.get("/api/v1/search", {"q": "neck", name: value}), name)


def test_an_id_past_2_63_is_a_400_not_an_overflow(client, home_page):
    problem(client.get("/api/v1/education/pages/9223372036854775808"), "page_id")
    assert client.get("/api/v1/education/pages/9223372036854775807").status_code == 404


@pytest.mark.parametrize("value", ["\x00", "neck\x00", "\ufffd", "a" * 500])
@pytest.mark.parametrize("name", ["area", "condition"])
def test_unreadable_slugs_are_a_400(client, home_page, name, value):
    problem(client.get("/api/v1/education/routines", {name: value}), name)


def test_invalid_utf8_is_a_400(client, home_page):
    problem(client.get("/api/v1/education/routines?area=%ff%fe"), "area")
    problem(client.get("/api/v1/search?q=%ff"), "q")


def test_a_repeated_parameter_is_a_400(client, home_page):
    problem(client.get("/api/v1/education/routines?page=1&page=2"), "page")


def test_empty_values_mean_absent(client, sections):
    factories.routine(sections["routines"], "Neck")
    data = client.get("/api/v1/education/routines?area=&page=&max_time=").json()
    assert data["count"] == 1 and data["page"] == 1


def test_a_bad_value_is_one_warning_line_without_traceback(client, home_page, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/api/v1/education/routines", {"page": "²"})
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1, [record.getMessage() for record in warnings]
    assert "page" in warnings[0].getMessage() and warnings[0].exc_info is None


def test_every_operation_has_typed_parameters_in_openapi(client, home_page):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                assert parameter["schema"], (path, method, parameter["name"])
    routines = schema["paths"]["/api/v1/education/routines"]["get"]["parameters"]
    page = next(p for p in routines if p["name"] == "page")
    assert page["schema"]["maximum"] == 10_000 and page["schema"]["minimum"] == 1


@pytest.mark.parametrize(
    "url", ["/api/v1/directory/therapists/%00", "/api/v1/directory/clinics/a%00b"]
)
def test_a_nul_in_a_directory_slug_is_a_400(client, home_page, url):
    problem(client.get(url), "slug")


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page": "²"}, "page"),
        ({"page_size": "٣"}, "page_size"),
        ({"lat": "٣", "lng": "1"}, "lat"),
        ({"radius": "1_0"}, "radius"),
        ({"q": "neck\x00"}, "q"),
        ({"modality": "\x00"}, "modality"),
    ],
)
def test_directory_search_reads_its_form_strictly(client, home_page, params, name):
    problem(client.get("/api/v1/directory/search", params), name)
    page = client.get("/find-a-therapist/", params)
    assert page.status_code == 400 and f'href="#id_{name}"' in page.content.decode()
