"""A modality page the public may not see (a draft, login-restricted, expired or not yet live)
never shows through the directory: profile, cards, API, facets, the ?modality= filter, services
and their JSON-LD, search text, clinic pages. Choosers still keep a hidden page already linked."""

import datetime as dt
import itertools
import string
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page

from directory.models import Service, visibility
from directory.models.visibility import (
    PUBLIC_MODALITIES_MAX_AGE,
    compute_public_modalities,
    forget_public_modalities,
    public_modalities,
)
from tests.education import factories
from tests.education.factories import modality, sections

from .factories import ClinicFactory, listed_therapist, location_at
from .test_profiles import jsonld

pytestmark = pytest.mark.django_db

STATES = ("draft", "restricted", "expired", "future", "public")
HIDDEN_STATES = STATES[:-1]
ORIGIN = (25.76168, -80.19179)
_tokens = itertools.count()


def token():
    """A word found nowhere else (fixed length, so never the prefix of another token)."""
    n, letters = next(_tokens), ""
    for _ in range(4):
        n, digit = divmod(n, 26)
        letters += string.ascii_lowercase[digit]
    return "zq" + letters


@pytest.fixture
def index(home_page):
    return sections(home_page)["modalities"]


def new_modality(index):
    word = token()
    return modality(index, title=f"{word.capitalize()} massage", slug=f"{word}-massage")


def put_in_state(page, state):
    """Hide a published modality page as a real site does (tests/education/factories.py)."""
    factories.put_in_state(page, state)
    if state in ("expired", "future"):
        # The cached set of public modalities expires at that moment (see
        # test_cache_expires_at_...), which forgetting it stands for here.
        forget_public_modalities()


def practice(pages):
    """A public therapist at a clinic, linked to these modality pages, with one service each."""
    clinic = ClinicFactory(slug=f"clinic-{token()}")
    place = location_at(*ORIGIN, clinic=clinic)
    for page in pages:
        Service.objects.create(
            location=place,
            name="Session",
            modality=page,
            duration_minutes=60,
            price_min=Decimal("90"),
        )
    word = token()
    therapist = listed_therapist([place], name=f"Ther {word.capitalize()}", slug=f"ther-{word}")
    therapist.modalities.set(pages)
    therapist.save()  # as the editor's save does: the search document names its modalities
    return therapist, clinic


def surfaces(client, therapist, clinic, page):
    """{surface: whether the public sees this modality page there}."""
    name_word = therapist.name.split()[1].lower()
    title_word = page.title.split()[0].lower()
    profile = client.get(f"/find-a-therapist/{therapist.slug}/").content.decode()
    graph = next(d for d in jsonld(profile) if "@graph" in d)["@graph"]
    offered = [
        offer["itemOffered"].get("serviceType")
        for node in graph
        for offer in node.get("makesOffer", [])
    ]
    api = client.get(f"/api/v1/directory/therapists/{therapist.slug}").json()
    clinic_api = client.get(f"/api/v1/directory/clinics/{clinic.slug}").json()
    clinic_page = client.get(f"/clinics/{clinic.slug}/").content.decode()
    clinic_graph = next(d for d in jsonld(clinic_page) if "@graph" in d)["@graph"]
    found = client.get("/api/v1/directory/search", {"q": name_word}).json()
    card_page = client.get("/find-a-therapist/", {"q": name_word}).content.decode()

    def finds(params, path="/api/v1/directory/search"):
        body = client.get(path, params)
        if path.startswith("/api"):
            return therapist.slug in [hit["slug"] for hit in body.json()["results"]]
        return therapist.name in body.content.decode()

    return {
        "profile": page.title in profile or page.url in profile,
        "profile JSON-LD serviceType": page.title in offered,
        "API modalities": page.slug in api["modalities"],
        "API services[].modality": page.slug
        in [s["modality"] for place in api["locations"] for s in place["services"]],
        "clinic API services": page.slug
        in [s["modality"] for place in clinic_api["locations"] for s in place["services"]],
        "clinic JSON-LD serviceType": page.title
        in [
            offer["itemOffered"].get("serviceType")
            for node in clinic_graph
            for offer in node.get("makesOffer", [])
        ],
        "search API card": page.slug in found["results"][0]["modalities"],
        "search page card": f'<li class="tag">{page.title}</li>' in card_page,
        "facet": page.slug in [f["value"] for f in found["facets"]["modality"]],
        "?modality= (API)": finds({"modality": page.slug}),
        "?modality= (API, near a point)": finds(
            {"modality": page.slug, "lat": ORIGIN[0], "lng": ORIGIN[1], "radius": 5}
        ),
        "?modality= (page)": finds({"modality": page.slug}, "/find-a-therapist/"),
        "search text": finds({"q": title_word}),
        "search text near a point": finds(
            {"q": title_word, "lat": ORIGIN[0], "lng": ORIGIN[1], "radius": 5}
        ),
    }


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(states=st.lists(st.sampled_from(STATES), min_size=1, max_size=3))
def test_a_modality_shows_on_every_directory_surface_only_while_public(client, index, states):
    pages = [new_modality(index) for _ in states]
    therapist, clinic = practice(pages)
    for page, state in zip(pages, states, strict=True):
        put_in_state(page, state)
    for page, state in zip(pages, states, strict=True):
        page.refresh_from_db()
        shown = surfaces(client, therapist, clinic, page)
        expected = state == "public"
        assert shown == dict.fromkeys(shown, expected), (state, shown)


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_hidden_modality_slug_filters_like_an_unknown_one(client, index, state):
    page = new_modality(index)
    practice([page])
    put_in_state(page, state)
    for params in ({"modality": page.slug}, {"modality": page.slug, "lat": 25.76, "lng": -80.19}):
        body = client.get("/api/v1/directory/search", params).json()
        unknown = client.get("/api/v1/directory/search", {**params, "modality": "no-such"}).json()
        assert body["count"] == unknown["count"] == 0


def test_search_text_follows_publishing_and_deletion(client, index):
    page = new_modality(index)
    therapist, _ = practice([page])
    word = page.title.split()[0].lower()

    def found():
        return [
            hit["slug"]
            for hit in client.get("/api/v1/directory/search", {"q": word}).json()["results"]
        ]

    assert found() == [therapist.slug]
    page.unpublish()
    assert found() == []
    page.save_revision().publish()
    assert found() == [therapist.slug]
    page.delete()
    assert found() == []


def test_public_modalities_are_cached_and_dropped_when_a_page_changes(
    index, django_assert_num_queries
):
    page = new_modality(index)
    assert page.pk in public_modalities()
    with django_assert_num_queries(0):
        assert page.pk in public_modalities()
    page.unpublish()
    assert page.pk not in public_modalities()


def test_cache_expires_at_the_next_go_live_or_expiry(index):
    now = timezone.now()
    soon, later = new_modality(index), new_modality(index)
    Page.objects.filter(pk=soon.pk).update(expire_at=now + dt.timedelta(seconds=90))
    Page.objects.filter(pk=later.pk).update(go_live_at=now + dt.timedelta(seconds=600))
    public, timeout = compute_public_modalities(now)
    assert soon.pk in public and later.pk not in public
    assert timeout == 90
    public, timeout = compute_public_modalities(now + dt.timedelta(seconds=90))
    assert soon.pk not in public and later.pk not in public and timeout == 510
    public, timeout = compute_public_modalities(now + dt.timedelta(seconds=600))
    assert later.pk in public and timeout == PUBLIC_MODALITIES_MAX_AGE


def test_therapist_editor_offers_public_modalities_and_keeps_a_hidden_linked_one(
    admin_client, index
):
    linked, unlinked, public = new_modality(index), new_modality(index), new_modality(index)
    therapist, _ = practice([linked, public])
    put_in_state(linked, "draft")
    put_in_state(unlinked, "restricted")
    html = admin_client.get(f"/admin/snippets/directory/therapist/edit/{therapist.pk}/")
    html = html.content.decode()
    assert f"{linked.title} (not public)" in html
    assert public.title in html and f"{public.title} (not public)" not in html
    assert unlinked.title not in html
    form_values = (
        admin_client.get(f"/admin/snippets/directory/therapist/edit/{therapist.pk}/")
        .context["form"]["modalities"]
        .value()
    )
    assert {int(pk) for pk in form_values} == {linked.pk, public.pk}
    checked = f'value="{linked.pk}"'
    assert checked in html and "checked" in html.split(checked, 1)[1].split(">", 1)[0]


def test_service_editor_offers_public_modalities_and_keeps_a_hidden_linked_one(admin_client, index):
    linked, other, public = new_modality(index), new_modality(index), new_modality(index)
    therapist, _ = practice([linked])
    put_in_state(linked, "expired")
    put_in_state(other, "future")
    place = therapist.locations.get()
    html = admin_client.get(f"/admin/snippets/directory/location/edit/{place.pk}/")
    html = html.content.decode()
    assert f"{linked.title} (not public)" in html
    assert public.title in html and other.title not in html


def test_a_search_reads_the_shared_cache_once_for_every_card(client, index, monkeypatch):
    pages = [new_modality(index) for _ in range(2)]
    for _ in range(3):
        practice(pages)
    reads = []
    real_get = visibility.cache.get
    monkeypatch.setattr(
        visibility.cache,
        "get",
        lambda key, *args: reads.append(key) or real_get(key, *args),
    )
    body = client.get("/api/v1/directory/search", {"q": "ther", "page_size": 10}).json()
    assert body["count"] == 3 and all(len(hit["modalities"]) == 2 for hit in body["results"])
    assert reads.count(visibility.PUBLIC_MODALITIES_KEY) == 1
    # Outside a request nothing is kept: a change made in between is seen at once.
    pages[0].unpublish()
    assert pages[0].pk not in visibility.public_modalities()


class EditorForm(HTMLParser):
    """The fields of the admin's edit form as a browser would post them (no JavaScript)."""

    def __init__(self):
        super().__init__()
        self.data, self.select, self.textarea, self.in_form = [], None, None, False
        self.templates = 0  # inside <template> (the empty form an "add" button copies)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "data-edit-form" in attrs:
            self.in_form = True
        self.templates += tag == "template"
        if not self.in_form or self.templates or "name" not in attrs and tag != "option":
            return
        kind = attrs.get("type")
        if tag == "input" and kind not in ("submit", "button", "file"):
            if kind not in ("checkbox", "radio"):
                self.data.append((attrs["name"], attrs.get("value") or ""))
            elif "checked" in attrs:
                self.data.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        self.templates -= tag == "template"
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            self.data.append((name, text.removeprefix("\n")))  # as browsers read it
            self.textarea = None
        elif tag == "form":
            self.in_form = False


def post_as_a_browser(client, url):
    parser = EditorForm()
    parser.feed(client.get(url).content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return client.post(url, data)


def test_saving_the_editors_form_keeps_a_hidden_modality_link(admin_client, index):
    hidden, public = new_modality(index), new_modality(index)
    therapist, _ = practice([hidden, public])
    place = therapist.locations.get()
    put_in_state(hidden, "restricted")
    url = f"/admin/snippets/directory/therapist/edit/{therapist.pk}/"
    assert post_as_a_browser(admin_client, url).status_code == 302
    assert set(therapist.modalities.values_list("pk", flat=True)) == {hidden.pk, public.pk}
    # A location's hours are a StreamField its editor's JavaScript builds, so this form cannot
    # be posted without a browser; what a browser would post for the services is read instead.
    parser = EditorForm()
    parser.feed(admin_client.get(f"/admin/snippets/directory/location/edit/{place.pk}/").text)
    chosen = [value for name, value in parser.data if name.endswith("-modality")]
    assert chosen == [str(hidden.pk), str(public.pk)]


def test_query_budgets_hold_with_modalities(client, index, django_assert_max_num_queries):
    pages = [new_modality(index) for _ in range(3)]
    therapist, _ = practice(pages)
    for _ in range(4):
        practice(pages)
    put_in_state(pages[0], "draft")
    client.get(f"/find-a-therapist/{therapist.slug}/")  # warm the site-root cache
    # The same budget as a profile without modalities (test_profiles.py).
    with django_assert_max_num_queries(10):
        assert client.get(f"/find-a-therapist/{therapist.slug}/").status_code == 200
    # The geo + text budget of test_search_geo.py (10, its colleagues at one address ranked
    # by relevance), plus one: the cached public set has expired and is read again.
    forget_public_modalities()
    params = {"q": "ther", "modality": pages[1].slug, "lat": ORIGIN[0], "lng": ORIGIN[1]}
    with django_assert_max_num_queries(11):
        body = client.get("/api/v1/directory/search", params).json()
    assert body["count"] == 5
    # Warm: count, page, the cards (therapists, licences, modalities, places), three facet
    # queries; the public set costs none.
    with django_assert_max_num_queries(9):
        body = client.get("/api/v1/directory/search", {"q": "ther"}).json()
    assert body["count"] == 5 and {f["value"] for f in body["facets"]["modality"]} == {
        pages[1].slug,
        pages[2].slug,
    }
