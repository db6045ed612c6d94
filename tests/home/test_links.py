"""Every URL rendered into an href is http(s) only (home/links.py).

In the model's validation (an admin form error), and again at render time: a bad URL written
past validation (QuerySet.update()) never becomes an href on the page, in the API or in the
JSON-LD."""

import html as html_lib
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.provisional import urls
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.fields import StreamField

from directory.models import Clinic, Licence, Service, Therapist
from education.blocks import ReferenceBlock
from education.models import ModalityPage, Reviewer
from home.blocks import EntryPointBlock, HttpURLBlock, SocialProfileBlock
from home.links import safe_href, validate_http_url
from home.models import SiteSettings
from tests.directory.factories import ClinicFactory, add_service, listed_therapist, location_at
from tests.directory.test_preview import therapist_form
from tests.education.factories import ReviewerFactory, modality, routine, sections

BAD = {
    "javascript": "javascript:alert('xss')",
    "upper case": "JaVaScRiPt:alert('xss')",
    "tab inside": "java\tscript:alert('xss')",
    "newline inside": "java\nscript:alert('xss')",
    "leading spaces": "  javascript:alert('xss')",
    "leading control": "\x01javascript:alert('xss')",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript": "vbscript:msgbox('xss')",
    "protocol-relative": "//evil.example/xss",
    "backslash-relative": "/\\evil.example/xss",
    "entity colon": "javascript&colon;alert('xss')",
    "no slashes": "https:evil.example",
    "zero-width": "java\u200bscript:alert('xss')",
}
GOOD = ["https://book.example/maria?from=fascia&x=1", "http://board.example/lookup"]


# ---------------------------------------------------------------------------- safe_href


@pytest.mark.parametrize("name", BAD)
def test_safe_href_gives_no_link_for_each_trick(name):
    assert safe_href(BAD[name]) == ""
    assert safe_href(BAD[name], relative=False) == ""


@pytest.mark.parametrize("url", GOOD)
def test_safe_href_keeps_http_urls(url):
    assert safe_href(url) == url
    assert safe_href(url, relative=False) == url


def test_site_paths_are_links_only_where_relative_urls_are_wanted():
    for path in ("/find-a-therapist/", "?page=2&area=neck", "#step-1"):
        assert safe_href(path) == path
        assert safe_href(path, relative=False) == ""
    assert safe_href(None) == "" and safe_href("") == ""


def _browser_scheme(value):
    """What a browser takes as the scheme (WHATWG URL parsing): leading and trailing C0
    controls and spaces stripped, tabs and newlines removed anywhere; None if relative."""
    value = value.strip("".join(map(chr, range(0x21))))
    value = re.sub(r"[\t\n\r]", "", value)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", value)
    return match[1].lower() if match else None


def _leaves_the_site_without_a_scheme(value):
    value = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21)))))
    return len(value) > 1 and value[0] in "/\\" and value[1] in "/\\"


schemes = st.sampled_from(["javascript", "data", "vbscript", "http", "https", "ftp", "file"])
noise = st.sampled_from(["", " ", "\t", "\n", "\r", "\x00", "\x0b", "\u200b", "\u00a0", "&#x09;"])


@st.composite
def url_like(draw):
    scheme = draw(schemes)
    # Scatter noise and case changes through the scheme, the way attackers disguise it.
    scheme = "".join(
        draw(noise) + (c.upper() if draw(st.booleans()) else c) for c in scheme
    ) + draw(noise)
    head = draw(st.sampled_from(["", "/", "//", "/\\", "\\\\", "?", "#"]))
    return (
        draw(noise) + draw(st.sampled_from([scheme + ":", ""])) + head + draw(st.text(max_size=20))
    )


@given(value=st.one_of(url_like(), st.text(max_size=40)))
@settings(max_examples=500, deadline=None)
def test_safe_href_never_gives_a_browser_a_script_or_another_site_by_a_trick(value):
    out = safe_href(value)
    assert out in ("", value)
    if out:
        for seen in (out, html_lib.unescape(out)):  # as written, and as an HTML parser reads it
            assert _browser_scheme(seen) in (None, "http", "https")
            if _browser_scheme(seen) is None:
                assert not _leaves_the_site_without_a_scheme(seen)
    if safe_href(value, relative=False):
        assert _browser_scheme(value) in ("http", "https")


@given(url=urls())
@settings(max_examples=200, deadline=None)
def test_real_http_urls_are_kept(url):
    assert safe_href(url, relative=False) == url


def test_the_template_filter():
    template = Template("{% load fascia_tags %}<a href=\"{{ url|safe_href|default:'#' }}\">x</a>")
    assert template.render(Context({"url": BAD["javascript"]})) == '<a href="#">x</a>'
    assert template.render(Context({"url": GOOD[0]})) == (
        '<a href="https://book.example/maria?from=fascia&amp;x=1">x</a>'
    )


# ---------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "url", [BAD["javascript"], BAD["data"], BAD["protocol-relative"], "ftp://files.example/a"]
)
def test_the_validator_takes_only_http_urls(url):
    with pytest.raises(ValidationError):
        validate_http_url(url)
    for good in GOOD:
        validate_http_url(good)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, field",
    [
        (Therapist, "booking_url"),
        (Licence, "board_lookup_url"),
        (Clinic, "website"),
        (Clinic, "booking_url"),
        (Service, "booking_url"),
        (Reviewer, "profile_url"),
    ],
)
def test_every_url_field_refuses_other_schemes(model, field):
    instance = model(**{field: "ftp://files.example/booking"})
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_the_admin_gives_a_form_error_for_a_bad_booking_or_board_url(admin_client, home_page):
    data = therapist_form("Ana Ruiz", "ana-ruiz", [])
    data["booking_url"] = "ftp://files.example/book"
    data["licences-0-board_name"] = "Florida Board"
    data["licences-0-board_lookup_url"] = "ftp://board.example/lookup"
    response = admin_client.post("/admin/snippets/directory/therapist/add/", data)
    assert response.status_code == 200  # the form again, with its errors
    form = response.context["form"]
    assert "booking_url" in form.errors
    assert "board_lookup_url" in form.formsets["licences"].errors[0]
    assert "Enter a valid URL starting with https://" in response.content.decode()
    assert not Therapist.objects.filter(slug="ana-ruiz").exists()


@pytest.mark.django_db
def test_the_admin_gives_a_form_error_for_a_bad_reviewer_profile_url(admin_client):
    response = admin_client.post(
        "/admin/snippets/education/reviewer/add/",
        {"name": "Dr Lee", "credentials": "DPT", "profile_url": "ftp://profiles.example/lee"},
    )
    assert response.status_code == 200
    assert "profile_url" in response.context["form"].errors
    assert not Reviewer.objects.filter(name="Dr Lee").exists()


def test_url_blocks_refuse_other_schemes():
    with pytest.raises(StructBlockValidationError) as error:
        ReferenceBlock().clean(
            ReferenceBlock().to_python({"citation": "A trial", "url": "ftp://files.example/x"})
        )
    assert "url" in error.value.block_errors
    with pytest.raises(ValidationError):
        SocialProfileBlock().child_blocks["url"].clean("ftp://social.example/fascia")


@pytest.mark.parametrize("url", ["//evil.example/", "/\\evil.example/", "http://plain.example/"])
def test_an_entry_point_takes_a_site_path_or_https_only(url):
    block = EntryPointBlock()
    value = block.to_python({"title": "Find", "summary": "Find one", "url": url})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
    for fine in ("/find-a-therapist/", "https://partner.example/"):
        block.clean(block.to_python({"title": "Find", "summary": "Find one", "url": fine}))


def test_a_url_block_never_hands_out_a_stored_bad_url():
    assert HttpURLBlock().to_python(BAD["javascript"]) == ""
    assert HttpURLBlock().to_python(GOOD[0]) == GOOD[0]


# ---------------------------------------------------------------------------- render time


def _hrefs(html):
    soup = BeautifulSoup(html, "html.parser")
    return [tag["href"] for tag in soup.find_all(href=True)]


def _assert_no_bad_href(html):
    for href in _hrefs(html):
        assert _browser_scheme(href) in (None, "http", "https", "tel", "mailto"), href
        assert "evil.example" not in href and "xss" not in href, href


def _jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def tampered(home_page):
    """A public therapist and clinic whose URLs were then overwritten by QuerySet.update(),
    which runs no validation."""
    clinic = ClinicFactory(slug="harbor", website="https://harbor.example")
    place = location_at(25.76012, -80.19259, clinic=clinic)
    add_service(place, "Swedish massage", 60, "95")
    therapist = listed_therapist([place], slug="maria", booking_url="https://book.example/m")
    Therapist.objects.filter(pk=therapist.pk).update(booking_url=BAD["javascript"])
    Licence.objects.filter(therapist=therapist).update(
        board_name="Florida Board", board_lookup_url=BAD["tab inside"]
    )
    Service.objects.filter(location=place).update(booking_url=BAD["protocol-relative"])
    Clinic.objects.filter(pk=clinic.pk).update(
        website=BAD["data"], booking_url=BAD["leading spaces"]
    )
    return therapist


@pytest.mark.django_db
def test_a_tampered_therapist_profile_renders_no_bad_href(client, tampered):
    response = client.get("/find-a-therapist/maria/")
    html = response.content.decode()
    assert response.status_code == 200
    _assert_no_bad_href(html)
    assert "Book with" not in html  # no button that goes nowhere
    assert "Florida Board" in html  # the board is still named, just not linked

    graph = next(d for d in _jsonld(html) if "@graph" in d)["@graph"]
    text = json.dumps(graph)
    assert "javascript" not in text.lower() and "evil.example" not in text
    offers = [o for node in graph for o in node.get("makesOffer", [])]
    assert offers and all(o["url"].endswith("/find-a-therapist/maria/") for o in offers)


@pytest.mark.django_db
def test_a_tampered_therapist_in_the_api_has_no_bad_url(client, tampered):
    data = client.get("/api/v1/directory/therapists/maria").json()
    assert data["booking_url"] is None
    assert {lic["board_lookup_url"] for lic in data["licences"]} == {None}
    services = [s for loc in data["locations"] for s in loc["services"]]
    assert services and {s["booking_url"] for s in services} == {None}
    search = client.get("/api/v1/directory/search").json()
    assert json.dumps(search).count("javascript") == 0


@pytest.mark.django_db
def test_a_tampered_clinic_renders_and_serves_no_bad_url(client, tampered):
    html = client.get("/clinics/harbor/").content.decode()
    _assert_no_bad_href(html)
    assert "Website" not in html and "Book at" not in html
    data = client.get("/api/v1/directory/clinics/harbor").json()
    assert data["website"] is None and data["booking_url"] is None


@pytest.mark.django_db
def test_tampered_education_urls_never_become_links(client, home_page):
    index = sections(home_page)
    reviewer = ReviewerFactory(profile_url="https://people.example/lee")
    page = routine(index["routines"], reviewer=reviewer)
    Reviewer.objects.filter(pk=reviewer.pk).update(profile_url=BAD["javascript"])
    html = client.get(page.get_url()).content.decode()
    _assert_no_bad_href(html)
    assert "javascript" not in json.dumps(_jsonld(html)).lower()

    references = [
        {"type": "reference", "value": {"citation": "A trial", "doi": "", "url": GOOD[0]}}
    ]
    explainer = modality(index["modalities"], references=json.dumps(references))
    references[0]["value"]["url"] = BAD["javascript"]
    ModalityPage.objects.filter(pk=explainer.pk).update(references=json.dumps(references))
    html = client.get(explainer.get_url()).content.decode()
    assert "A trial" in html
    _assert_no_bad_href(html)
    api = client.get(f"/api/v1/education/pages/{explainer.pk}")
    assert api.status_code == 200 and "javascript" not in api.content.decode().lower()


@pytest.mark.django_db
def test_a_tampered_social_profile_is_not_in_the_organization_jsonld(client, site):
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Fascia"
    settings.social_profiles = json.dumps(
        [{"type": "profile", "value": {"network": "youtube", "url": "https://video.example/f"}}]
    )
    settings.save()
    raw = [{"type": "profile", "value": {"network": "other", "url": BAD["javascript"]}}]
    raw.append(
        {"type": "profile", "value": {"network": "youtube", "url": "https://video.example/f"}}
    )
    SiteSettings.objects.filter(pk=settings.pk).update(social_profiles=json.dumps(raw))
    html = client.get("/").content.decode()
    _assert_no_bad_href(html)
    organization = next(d for d in _jsonld(html) if d.get("@type") == "Organization")
    assert organization["sameAs"] == ["https://video.example/f"]


# ---------------------------------------------------------------------------- guards


def _our_models():
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


OUR_APPS = {"home", "education", "directory", "videos", "search"}


def _url_blocks(block):
    if isinstance(block, blocks.URLBlock):
        yield block
    children = getattr(block, "child_blocks", None)
    if children:
        for child in children.values():
            yield from _url_blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield from _url_blocks(block.child_block)


def test_every_url_field_and_url_block_we_have_takes_http_urls_only():
    """A guard for the next URL field: it must carry validate_http_url (and a URL block must
    be HttpURLBlock), or this fails naming it."""
    missing = []
    for model in _our_models():
        for field in model._meta.concrete_fields:
            where = f"{model._meta.label}.{field.name}"
            if isinstance(field, models.URLField) and validate_http_url not in field.validators:
                missing.append(where)
            if isinstance(field, StreamField):
                for block in _url_blocks(field.stream_block):
                    if not isinstance(block, HttpURLBlock):
                        missing.append(f"{where} ({block.name or 'URL block'})")
    assert missing == []


# Templates owned elsewhere: base.html and search/ (PERF), 400.html (PARAMS), lockout (SEC).
NOT_OURS = ("base.html", "search/", "400.html", "home/lockout.html", "axes/")
HREF_VARIABLE = re.compile(r'href="\{\{\s*([\w.]+)([^}]*)\}\}')
SAFE_WITH = re.compile(r"\{%\s*with\s+(\w+)=[^%]*\|safe_href[^%]*%\}")


def test_every_data_driven_href_in_our_templates_goes_through_safe_href():
    """A guard for the next template: an href that starts with a variable must pass it
    through |safe_href (directly, or through a {% with x=...|safe_href %})."""
    root = Path(django_settings.BASE_DIR) / "templates"
    unsafe = []
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        if name.startswith(NOT_OURS):
            continue
        text = path.read_text()
        safe_names = set(SAFE_WITH.findall(text))
        for variable, filters in HREF_VARIABLE.findall(text):
            if "safe_href" not in filters and variable not in safe_names:
                unsafe.append(f"{name}: {variable}")
    assert unsafe == []
