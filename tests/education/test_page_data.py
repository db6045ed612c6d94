"""A page's data is the page's own method: api_data() is what both APIs serve, each page type
adds its own part to the base record, and search_document() is the page's search entry."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from education import api
from education.api_fields import EducationDataField
from education.models import EducationPage, GuidePage, ModalityPage, SelfCareRoutinePage
from home.text import MAX_SEARCH_TEXT_CHARS
from tests.education import factories

pytestmark = pytest.mark.django_db

BASE_KEYS = [
    "id",
    "type",
    "title",
    "summary",
    "url",
    "reading_grade",
    "last_published_at",
    "reading_level",
    "review",
]
OWN_KEYS = {
    "routine": [
        "difficulty",
        "total_minutes",
        "body_areas",
        "conditions",
        "equipment",
        "steps",
        "red_flags",
        "contraindications_html",
        "video",
        "video_chapters",
    ],
    "modality": [
        "what_it_is_html",
        "indications",
        "indications_summary",
        "session_minutes",
        "primary_benefit",
        "best_use",
        "pressure_level",
        "contraindications",
        "what_to_expect_html",
        "evidence_summary_html",
        "references",
    ],
    "guide": ["conditions", "body", "faq"],
}
MODELS = {"routine": SelfCareRoutinePage, "modality": ModalityPage, "guide": GuidePage}


@pytest.fixture
def pages(sections, taxonomy):
    """One page of each type, with every relation filled in."""
    neck_pain = taxonomy["neck_pain"]
    neck_pain.synonyms = "stiff neck, crick"
    neck_pain.save()
    reviewer = factories.ReviewerFactory(name="Ana Ruiz", credentials="LMT")
    return {
        "routine": factories.routine(
            sections["routines"],
            reviewer=reviewer,
            body_areas=[taxonomy["neck"], taxonomy["calves"]],
            conditions=[neck_pain, taxonomy["soreness"]],
            equipment=[taxonomy["roller"], taxonomy["lotion"]],
            contraindications="<p>Not after a recent neck injury.</p>",
            steps=[factories.step(start=0, end=30, caution="Go slowly")],
        ),
        "modality": factories.modality(
            sections["modalities"], reviewer=reviewer, indications=[neck_pain]
        ),
        "guide": factories.guide(
            sections["guides"],
            reviewer=reviewer,
            conditions=[taxonomy["soreness"]],
            body_areas=[taxonomy["neck"]],
        ),
    }


def fresh(page):
    return MODELS[page.template_kind].objects.get(pk=page.pk)


def as_json(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@pytest.mark.parametrize("kind", list(MODELS))
def test_api_data_is_what_both_apis_serve(client, rf, pages, kind):
    page = fresh(pages[kind])
    record = as_json(page.api_data(rf.get("/")))
    assert record["type"] == kind
    assert client.get(f"/api/v1/education/pages/{page.pk}").json() == record
    assert client.get(f"/api/wagtail/v2/pages/{page.pk}/").json()["education"] == record


@pytest.mark.parametrize("kind", list(MODELS))
def test_each_page_type_adds_its_own_part_to_the_base_record(rf, pages, kind):
    page, request = fresh(pages[kind]), rf.get("/")
    base = EducationPage.api_data(page, request)
    record = page.api_data(request)
    assert list(base) == BASE_KEYS
    assert list(record) == BASE_KEYS + OWN_KEYS[kind]
    assert {key: record[key] for key in BASE_KEYS} == base
    assert base["review"]["reviewer"] == {"name": "Ana Ruiz", "credentials": "LMT"}


def test_the_apis_ask_the_page_for_its_record(client, monkeypatch, pages):
    class NewPage:
        """A page type neither API module has heard of: its own api_data() is enough, as long as
        the record fits the EducationRecord schema the operation declares."""

        def api_data(self, request=None):
            host = request.get_host() if request else None
            return pages["guide"].api_data(request) | {"title": f"Asked on {host}"}

    monkeypatch.setattr(api, "_find_page", lambda page_id: NewPage())
    assert client.get("/api/v1/education/pages/1").json()["title"] == "Asked on testserver"
    assert EducationDataField().to_representation(NewPage())["title"] == "Asked on None"


def test_listing_and_conditions_use_the_same_pieces(client, rf, pages, taxonomy):
    page = fresh(pages["routine"])
    listing = client.get("/api/v1/education/routines").json()["results"]
    assert listing == [as_json(page.api_summary(rf.get("/")))]
    conditions = client.get("/api/v1/education/conditions").json()
    assert conditions[0] == taxonomy["neck_pain"].api_data()
    assert conditions[0]["synonyms"] == ["stiff neck", "crick"]
    assert page.api_data()["equipment"][0] == {
        "name": "Foam roller",
        "slug": "foam-roller",
        "kind": "tool",
    }


def test_search_document_of_a_routine(pages):
    document = fresh(pages["routine"]).search_document()
    assert set(document) == {
        "kind",
        "title",
        "summary",
        "body",
        "body_areas",
        "conditions",
        "difficulty",
        "total_minutes",
        "reading_grade",
    }
    assert document["kind"] == "routine"
    assert document["title"] == "Neck release"
    assert document["summary"].startswith("A short routine")
    assert sorted(document["body_areas"]) == ["calves", "neck"]
    assert sorted(document["conditions"]) == ["neck-pain", "soreness"]
    assert (document["difficulty"], document["total_minutes"]) == ("easy", 10)
    assert document["reading_grade"] == pages["routine"].reading_grade
    body = document["body"]
    # The page's own search fields as text (steps, red flags, contraindications) ...
    assert "Do the shoulder rolls slowly and breathe out." in body
    assert "Your arm goes numb." in body
    assert "Not after a recent neck injury." in body
    assert "<p>" not in body
    # ... then the taxonomy names people search by.
    for term in ("Neck pain", "stiff neck, crick", "Calves", "Foam roller", "Lotion"):
        assert term in body
    assert document["summary"] not in body


def test_search_document_of_a_modality_uses_its_indications(pages):
    document = fresh(pages["modality"]).search_document()
    assert document["kind"] == "modality"
    assert document["conditions"] == ["neck-pain"]
    assert document["body_areas"] == []
    assert (document["difficulty"], document["total_minutes"]) == ("", None)
    assert "Long, smooth strokes with light pressure." in document["body"]
    assert "You have a fever." in document["body"]
    assert document["body"].endswith(" Neck pain stiff neck, crick")


def test_search_document_of_a_guide(pages):
    document = fresh(pages["guide"]).search_document()
    assert document["kind"] == "guide"
    assert (document["conditions"], document["body_areas"]) == (["soreness"], ["neck"])
    assert "Drink some water and wear loose clothes." in document["body"]
    assert "Do I have to undress?" in document["body"]
    assert document["body"].endswith(" Post-exertional soreness Neck")


def test_search_document_caps_the_page_text_but_keeps_the_terms(sections, taxonomy):
    sentence = "Rest the neck and breathe. "
    body = [{"type": "paragraph", "value": f"<p>{sentence * 4000}</p>"}]
    page = factories.guide(sections["guides"], body=body, conditions=[taxonomy["soreness"]])
    text = fresh(page).search_document()["body"]
    assert text.endswith(" Post-exertional soreness")
    assert len(text) == MAX_SEARCH_TEXT_CHARS + len(" Post-exertional soreness")


def test_search_document_summary_falls_back_to_the_search_description(pages):
    GuidePage.objects.filter(pk=pages["guide"].pk).update(
        summary="", search_description="Before your first session."
    )
    assert fresh(pages["guide"]).search_document()["summary"] == "Before your first session."
