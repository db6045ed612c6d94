"""/api/v1/education/: a page's data with its reading level, filtered routines, conditions."""

import pytest
from wagtail.models import PageViewRestriction

from home.text import add_months
from tests.education import factories

pytestmark = pytest.mark.django_db


def test_routine_data_includes_reading_level_review_steps_and_codes(client, sections, taxonomy):
    reviewer = factories.ReviewerFactory(name="Priya Raman", credentials="DPT")
    page = factories.routine(
        sections["routines"], reviewer=reviewer, conditions=[taxonomy["neck_pain"]]
    )
    response = client.get(f"/api/v1/education/pages/{page.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "routine"
    assert data["reading_level"]["flesch_kincaid_grade"] == float(page.reading_grade)
    assert data["reading_level"]["target_grade"] == 8
    assert data["review"]["reviewer"] == {"name": "Priya Raman", "credentials": "DPT"}
    assert data["review"]["next_review_due"] == add_months(page.last_reviewed, 12).isoformat()
    assert [step["number"] for step in data["steps"]] == [1, 2]
    assert data["steps"][1]["timing"] == "2 sets of 10 reps"
    assert data["red_flags"] == ["Your arm goes numb."]
    assert data["conditions"][0]["icd10cm"] == ["M54.2"]


def test_modality_and_guide_data(client, sections):
    modality = factories.modality(sections["modalities"])
    data = client.get(f"/api/v1/education/pages/{modality.pk}").json()
    assert data["session_minutes"] == {"min": 30, "max": 60}
    guide = factories.guide(sections["guides"])
    data = client.get(f"/api/v1/education/pages/{guide.pk}").json()
    assert data["faq"][0]["question"] == "Do I have to undress?"
    assert data["reading_grade"] is not None


@pytest.fixture
def hidden_routines(sections):
    """A routine taken offline and one behind a password: neither may be served."""
    draft = factories.routine(sections["routines"], "Draft")
    draft.unpublish()
    private = factories.routine(sections["routines"], "Private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    return draft, private


def test_drafts_and_private_pages_are_not_found(client, hidden_routines):
    draft, private = hidden_routines
    assert client.get(f"/api/v1/education/pages/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/education/pages/{private.pk}").status_code == 404
    assert client.get("/api/v1/education/routines").json()["count"] == 0


def test_routines_filter_and_page(client, sections, taxonomy):
    for number in range(3):
        factories.routine(sections["routines"], f"Neck {number}", body_areas=[taxonomy["neck"]])
    factories.routine(sections["routines"], "Calf", total_minutes=30)
    data = client.get("/api/v1/education/routines?area=neck&page_size=2&page=2").json()
    assert data["count"] == 3 and [item["title"] for item in data["results"]] == ["Neck 2"]
    assert client.get("/api/v1/education/routines?max_time=15").json()["count"] == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("difficulty=extreme", "difficulty"),
        ("max_time=soon", "max_time"),
        ("area=elbow", "area"),
        ("page_size=500", "page_size"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(client, home_page, query, field):
    response = client.get(f"/api/v1/education/routines?{query}")
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_wagtail_api_v2_serves_the_same_education_record(client, sections, taxonomy):
    page = factories.routine(sections["routines"], conditions=[taxonomy["neck_pain"]])
    ours = client.get(f"/api/v1/education/pages/{page.pk}").json()
    detail = client.get(f"/api/wagtail/v2/pages/{page.pk}/")
    assert detail.status_code == 200
    data = detail.json()
    assert data["summary"] == page.summary
    assert data["education"] == ours
    listing = client.get(
        "/api/wagtail/v2/pages/", {"type": "education.SelfCareRoutinePage", "fields": "education"}
    ).json()
    assert listing["items"][0]["education"]["reading_level"]["target_grade"] == 8


def test_wagtail_api_v2_hides_drafts_and_private_education_pages(client, hidden_routines):
    draft, private = hidden_routines
    assert client.get(f"/api/wagtail/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/wagtail/v2/pages/{private.pk}/").status_code == 404
    listing = client.get("/api/wagtail/v2/pages/", {"type": "education.SelfCareRoutinePage"}).json()
    assert listing["meta"]["total_count"] == 0
