"""Hostile parameters on every public surface: nothing answers 5xx, and a 400 names the parameter.

Targets: the HTML views' query parameters (site search, the routine and guide indexes, directory
search, a therapist profile), every GET operation of /api/v1/openapi.json (read at run time, so a
new operation is fuzzed without editing this file) and every Wagtail API v2 parameter on pages/,
images/ and documents/, with every field filter read from the viewsets themselves (each
endpoint's model and, on pages/, each page type with `?type=`, so a new field is fuzzed too).
Each gets fixed hostile values (FTS syntax, NUL, invalid UTF-8, Unicode
digits, 2^63, 10k characters, a repeated parameter) and a bounded hypothesis strategy.
Values are written percent-encoded, as they arrive on the wire ("%ff" is a byte, not text).
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, get_page_models

from config.wagtail_api import router
from tests.directory import factories as directory_factories
from tests.education import factories

pytestmark = pytest.mark.django_db

EXAMPLES = 40
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run and both databases: CI is repeatable
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def enc(text):
    return quote(text, safe="")


# Fixed hostile values, percent-encoded.
HOSTILE = [
    enc('" * NEAR( OR -'),
    enc('"'),
    enc(" "),
    "%00",
    "a%00b",
    "%ff",
    "%C3%28",  # an invalid UTF-8 sequence
    enc("²"),
    enc("٣"),
    enc("²٣"),
    "9223372036854775808",
    "-9223372036854775809",
    "-1",
    enc("x" * 10_000),
    enc(" ".join(["neck"] * 600)),
    enc("a(b(c(d(e(f(g)))))))"),
    "root",
    "",
]

V2_PARAMETERS = [
    "search",
    "search_operator",
    "offset",
    "limit",
    "fields",
    "order",
    "type",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "tags",
    "title",
    "id",
    "site",
    "locale",
    "translation_of",
    "html_path",
]
V2_ENDPOINTS = ["/api/wagtail/v2/pages/", "/api/wagtail/v2/images/", "/api/wagtail/v2/documents/"]
# Values a field filter's model field cannot read (dates, booleans, ids), past HOSTILE's.
FILTER_HOSTILE = [
    "abc",
    "true",
    "yes",
    "2026-13-45",
    "2026-01-31T25:00",
    "0000-01-01",
    enc("9999-12-31T23:00:00-10:00"),
    enc("0001-01-01T00:00:00+10:00"),
    enc("٢٠٢٦-01-01"),
    "1.5",
]


def v2_filter_cases():
    """[(endpoint, ?type= or None, field)] for every field Wagtail's FieldsFilter filters on:
    each endpoint our router serves (its model) and, on pages/, each page type, read from the
    viewset as Wagtail reads it (get_available_fields with db_fields_only)."""
    cases = []
    for name, view in router._endpoints.items():  # WagtailAPIRouter keeps no public list
        models = [(None, view.model)]
        if issubclass(view.model, Page):
            models += [(model._meta.label, model) for model in get_page_models()]
        for page_type, model in models:
            for field in view.get_available_fields(model, db_fields_only=True):
                cases.append((f"/api/wagtail/v2/{name}/", page_type, field))
    return cases


V2_FILTER_CASES = v2_filter_cases()
V2_PAGE_TYPES = sorted({page_type for _e, page_type, _f in V2_FILTER_CASES if page_type})
V2_FIND_PARAMETERS = ["id", "html_path"]
V2_DETAIL_PARAMETERS = ["fields"]

HTML_PARAMETERS = {
    "search": ["q", "type", "area", "condition", "difficulty", "max_time", "page"],
    "routines": ["area", "condition", "difficulty", "max_time", "page"],
    "guides": ["area", "condition", "page"],
    "directory": [
        "q",
        "postcode",
        "country",
        "lat",
        "lng",
        "radius",
        "unit",
        "modality",
        "condition",
        "language",
        "gender",
        "page",
        "page_size",
        "accepting",
        "mobile",
    ],
    "profile": ["page", "q"],
}


@pytest.fixture
def site_content(sections, taxonomy):
    """A little of everything, so that the pages have results to page, filter and link."""
    routine = factories.routine(sections["routines"], "Neck release", body_areas=[taxonomy["neck"]])
    factories.guide(sections["guides"])
    therapist = directory_factories.listed_therapist(
        locations=[directory_factories.location_at(25.77, -80.19)]
    )
    return {
        "search": "/search/",
        "routines": sections["routines"].url,
        "guides": sections["guides"].url,
        "directory": "/find-a-therapist/",
        "profile": f"/find-a-therapist/{therapist.slug}/",
        "routine": routine,
        "therapist": therapist,
    }


def api_operations(client):
    """[(path template, [(name, where, required)])] for every GET operation of our OpenAPI
    document."""
    schema = client.get("/api/v1/openapi.json").json()
    operations = []
    for path, methods in schema["paths"].items():
        if "get" in methods:
            parameters = [
                (p["name"], p["in"], p.get("required", False))
                for p in methods["get"].get("parameters", [])
            ]
            operations.append((path, parameters))
    return operations


def api_url(path, parameters, values, site_content):
    """The URL with path parameters filled (with `values` where given, else a real one) and
    the query parameters of `values`."""
    real = {"page_id": site_content["routine"].pk, "slug": site_content["therapist"].slug}
    paths = {name for name, where, _required in parameters if where == "path"}
    for name in paths:
        path = path.replace("{" + name + "}", str(values.get(name, real.get(name, "1"))))
    query = "&".join(f"{n}={v}" for n, v in values.items() if n not in paths)
    return f"{path}?{query}"


def named(parameters, values):
    """The parameters a 400 may name: those given, and the required ones not given."""
    missing = [name for name, _where, required in parameters if required and name not in values]
    return [*values, *missing]


# A value checked against another names either one: "Give both latitude and longitude."
RELATED = {"lat": ["lng"], "lng": ["lat"], "country": ["postcode"]}


def check(response, names, kind):
    """No 5xx; a 400 is problem JSON naming one of `names` (API), or a page naming it."""
    assert response.status_code < 500, (response.status_code, response.content[:300])
    if response.status_code != 400 or not names:
        return
    names = [*names, *(other for name in names for other in RELATED.get(name, ()))]
    if kind == "json":
        assert response["Content-Type"] == "application/problem+json", response.content[:300]
        body = response.json()
        assert body["status"] == 400 and body["title"] and body["detail"]
        named = {error["name"] for error in body["errors"]}
        assert named & set(names), (named, names)
    else:
        html = response.content.decode()
        assert any(
            f"<code>{name}</code>" in html or f'href="#id_{name}"' in html for name in names
        ), (names, html[:500])


def get(client, url):
    # The test client would quote the query string again: hand it the raw one.
    path, _, query = url.partition("?")
    return client.generic("GET", path, QUERY_STRING=query)


def html_cases(site_content):
    for target, names in HTML_PARAMETERS.items():
        for name in names:
            yield site_content[target], name


# Fixed hostile values ---------------------------------------------------------------------


def test_html_views_never_answer_5xx(client, site_content):
    for url, name in html_cases(site_content):
        for value in HOSTILE:
            check(get(client, f"{url}?{name}={value}"), [name], "html")
        check(get(client, f"{url}?{name}=1&{name}=2"), [name], "html")


def test_api_operations_never_answer_5xx(client, site_content):
    operations = api_operations(client)
    assert len(operations) >= 7  # the document lists every operation (a guard on the reader)
    for path, parameters in operations:
        for name, _where, _required in parameters:
            for value in HOSTILE:
                url = api_url(path, parameters, {name: value}, site_content)
                check(get(client, url), named(parameters, {name: value}), "json")
            url = api_url(path, parameters, {}, site_content)
            check(get(client, f"{url}&{name}=1&{name}=2"), named(parameters, {name: 1}), "json")


def test_wagtail_api_v2_never_answers_5xx(client, site_content):
    routine = site_content["routine"].pk
    for endpoint in V2_ENDPOINTS:
        cases = [(endpoint, name) for name in V2_PARAMETERS]
        cases += [(endpoint + "find/", name) for name in V2_FIND_PARAMETERS]
        if endpoint.endswith("pages/"):
            cases += [(f"{endpoint}{routine}/", name) for name in V2_DETAIL_PARAMETERS]
        for url, name in cases:
            for value in HOSTILE:
                check(get(client, f"{url}?{name}={value}"), [name], "json")
            check(get(client, f"{url}?{name}=1&{name}=2"), [name], "json")


def test_the_v2_field_filters_are_read_from_the_viewsets():
    # A guard on the reader: Page's own filters, a page type's own, images' and documents'.
    found = {(endpoint, page_type, field) for endpoint, page_type, field in V2_FILTER_CASES}
    assert ("/api/wagtail/v2/pages/", None, "first_published_at") in found
    assert ("/api/wagtail/v2/pages/", None, "alias_of") in found
    assert ("/api/wagtail/v2/pages/", "education.SelfCareRoutinePage", "summary") in found
    assert ("/api/wagtail/v2/images/", None, "width") in found
    assert ("/api/wagtail/v2/documents/", None, "title") in found


def test_wagtail_api_v2_field_filters_never_answer_5xx(client, site_content):
    # Each field once without ?type= and once with the first page type that has it: every
    # single type takes the same path (its model's fields), and all of them take 30 seconds.
    seen = set()
    for endpoint, page_type, name in V2_FILTER_CASES:
        if (endpoint, bool(page_type), name) in seen:
            continue
        seen.add((endpoint, bool(page_type), name))
        url = f"{endpoint}?type={page_type}&" if page_type else f"{endpoint}?"
        for value in HOSTILE + FILTER_HOSTILE:
            check(get(client, f"{url}{name}={value}"), [name], "json")


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/wagtail/v2/pages/?search=%22", "search"),
        ("/api/wagtail/v2/images/?search=%20", "search"),
        ("/api/wagtail/v2/documents/?search=" + "+".join(["word"] * 600), "search"),
        ("/api/wagtail/v2/pages/?offset=99999999999999999999", "offset"),
        ("/api/wagtail/v2/images/?limit=-1", "limit"),
        ("/api/wagtail/v2/pages/find/?id=abc", "id"),
        ("/api/wagtail/v2/documents/find/?id=abc", "id"),
        ("/api/wagtail/v2/pages/?child_of=9223372036854775808", "child_of"),
        ("/api/wagtail/v2/images/?tags=a,b,c,d,e,f,g", "tags"),
        ("/api/wagtail/v2/pages/?search_operator=xor&search=neck", "search_operator"),
        ("/api/wagtail/v2/pages/?fields=" + "a(" * 50 + ")" * 50, "fields"),
        ("/api/wagtail/v2/pages/?first_published_at=abc", "first_published_at"),
        (
            "/api/wagtail/v2/pages/?type=education.SelfCareRoutinePage&first_published_at=2026-13-45",
            "first_published_at",
        ),
        ("/api/wagtail/v2/pages/?alias_of=9223372036854775808", "alias_of"),
    ],
)
def test_wagtail_api_v2_known_500s_are_400s_with_a_reason(client, home_page, url, name):
    response = get(client, url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert name in [error["name"] for error in response.json()["errors"]]


# Hypothesis: random values and combinations ------------------------------------------------

DIGITS = st.sampled_from("0123456789²٣１")
value_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40).map(enc),
    st.text(DIGITS, min_size=1, max_size=25).map(enc),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.binary(max_size=8).map(lambda raw: "".join(f"%{byte:02x}" for byte in raw)),
)


def values_for(names):
    return st.dictionaries(st.sampled_from(names), value_text, min_size=1, max_size=4)


@FUZZ
@given(data=st.data())
def test_html_views_under_hypothesis(client, site_content, data):
    target = data.draw(st.sampled_from(sorted(HTML_PARAMETERS)))
    values = data.draw(values_for(HTML_PARAMETERS[target]))
    query = "&".join(f"{name}={value}" for name, value in values.items())
    check(get(client, f"{site_content[target]}?{query}"), list(values), "html")


@FUZZ
@given(data=st.data())
def test_api_operations_under_hypothesis(client, site_content, data):
    operations = [op for op in api_operations(client) if op[1]]
    path, parameters = data.draw(st.sampled_from(operations))
    values = data.draw(values_for([name for name, _where, _required in parameters]))
    check(
        get(client, api_url(path, parameters, values, site_content)),
        named(parameters, values),
        "json",
    )


@FUZZ
@given(data=st.data())
def test_wagtail_api_v2_under_hypothesis(client, site_content, data):
    endpoint = data.draw(st.sampled_from(V2_ENDPOINTS))
    filters = sorted({field for e, _type, field in V2_FILTER_CASES if e == endpoint})
    values = data.draw(values_for(sorted({*V2_PARAMETERS, *filters})))
    if endpoint.endswith("pages/") and data.draw(st.booleans()):
        values["type"] = data.draw(st.sampled_from(V2_PAGE_TYPES))  # a real one: its fields
    if "offset" in values and values.get("order") == "random":
        del values["order"]
    query = "&".join(f"{name}={value}" for name, value in values.items())
    check(get(client, f"{endpoint}?{query}"), list(values), "json")
