"""What patients see: routine, modality and guide pages, their indexes and their JSON-LD."""

import datetime
import json
import re

import pytest
from django.conf import settings
from wagtail.models import PageViewRestriction

from tests.education import factories

pytestmark = pytest.mark.django_db
JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(html):
    return {item["@type"]: item for item in map(json.loads, JSONLD_RE.findall(html))}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# A review on a fixed date that stays current (a five-year interval), so the page keeps the
# publishing rules whenever the suite runs and the expected dates stay fixed.
REVIEWED_MARCH_2026 = {"last_reviewed": datetime.date(2026, 3, 1), "review_interval_months": 60}


def test_routine_page_shows_numbered_timed_steps_red_flags_and_review(client, sections, taxonomy):
    reviewer = factories.ReviewerFactory(name="Dana Whitfield", credentials="LMT")
    steps = [
        factories.step("Shoulder rolls", seconds=None, reps=10, sets=2),
        factories.step("Side stretch", seconds=90, caution="Stop if your arm tingles."),
    ]
    page = factories.routine(
        sections["routines"],
        steps=steps,
        red_flags=["Your arm goes numb.", "The pain is sudden and severe."],
        reviewer=reviewer,
        **REVIEWED_MARCH_2026,
        equipment=[taxonomy["roller"]],
        body_areas=[taxonomy["neck"]],
    )
    html = get(client, page.url)
    assert '<li class="step" id="step-1">' in html and 'id="step-2"' in html
    assert "2 sets of 10 reps" in html and "1 min 30 s" in html
    assert "<strong>Caution:</strong> Stop if your arm tingles." in html
    red_flags = html.split('class="callout-danger red-flags"')[1].split("</aside>")[0]
    assert "Stop and seek care if" in red_flags
    assert "<li>Your arm goes numb.</li>" in red_flags
    assert "Reviewed by" in html and "Dana Whitfield, LMT" in html and "March 1, 2026" in html
    assert "Foam roller" in html and "Neck" in html


def test_routine_jsonld_has_medical_webpage_howto_and_breadcrumbs(client, sections, taxonomy):
    reviewer = factories.ReviewerFactory(name="Dana Whitfield", credentials="LMT")
    page = factories.routine(
        sections["routines"],
        reviewer=reviewer,
        **REVIEWED_MARCH_2026,
        total_minutes=75,
        equipment=[taxonomy["roller"], taxonomy["lotion"]],
        conditions=[taxonomy["neck_pain"]],
    )
    data = jsonld(get(client, page.url))
    webpage = data["MedicalWebPage"]
    assert webpage["lastReviewed"] == "2026-03-01"
    assert webpage["reviewedBy"] == {
        "@type": "Person",
        "name": "Dana Whitfield",
        "honorificSuffix": "LMT",
    }
    assert webpage["about"][0]["code"][0] == {
        "@type": "MedicalCode",
        "codeValue": "M54.2",
        "codingSystem": "ICD-10-CM",
    }
    howto = data["HowTo"]
    assert howto["totalTime"] == "PT1H15M"
    assert [step["position"] for step in howto["step"]] == [1, 2]
    assert howto["step"][0]["url"].endswith("#step-1")
    assert howto["tool"] == [{"@type": "HowToTool", "name": "Foam roller"}]
    assert howto["supply"] == [{"@type": "HowToSupply", "name": "Lotion"}]
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == ["Home", "Self-care", page.title]


def test_jsonld_shapes_built_in_education_jsonld(client, sections, taxonomy):
    """The whole objects, so a builder that moves cannot change what search engines read."""
    neck_pain = taxonomy["neck_pain"]
    neck_pain.synonyms = "stiff neck, crick"
    neck_pain.save()
    reviewer = factories.ReviewerFactory(
        name="Dana Whitfield", credentials="LMT", profile_url="https://dana.example/"
    )
    page = factories.routine(
        sections["routines"],
        reviewer=reviewer,
        **REVIEWED_MARCH_2026,
        total_minutes=60,
        conditions=[neck_pain],
        steps=[factories.step(caution="Stop if it hurts")],
    )
    data = jsonld(get(client, page.url))
    url = f"http://testserver{page.url}"
    webpage = data["MedicalWebPage"]
    assert webpage == {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": "Neck release",
        "description": page.summary,
        "url": url,
        "inLanguage": "en-US",
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "dateModified": webpage["dateModified"],
        "lastReviewed": "2026-03-01",
        "reviewedBy": {
            "@type": "Person",
            "name": "Dana Whitfield",
            "honorificSuffix": "LMT",
            "url": "https://dana.example/",
        },
        "about": [
            {
                "@type": "MedicalCondition",
                "name": "Neck pain",
                "alternateName": ["stiff neck", "crick"],
                "code": [
                    {"@type": "MedicalCode", "codeValue": "M54.2", "codingSystem": "ICD-10-CM"},
                    {"@type": "MedicalCode", "codeValue": "81680005", "codingSystem": "SNOMED-CT"},
                ],
            }
        ],
    }
    assert data["HowTo"] == {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": "Neck release",
        "description": page.summary,
        "url": url,
        "totalTime": "PT1H",
        "step": [
            {
                "@type": "HowToStep",
                "position": 1,
                "name": "Shoulder rolls",
                "text": "Do the shoulder rolls slowly and breathe out.",
                "url": f"{url}#step-1",
                "itemListElement": [{"@type": "HowToTip", "text": "Caution: Stop if it hurts"}],
            }
        ],
    }
    assert data["BreadcrumbList"] == {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": "http://testserver/"},
            {
                "@type": "ListItem",
                "position": 2,
                "name": "Self-care",
                "item": "http://testserver/self-care/",
            },
            {"@type": "ListItem", "position": 3, "name": "Neck release", "item": url},
        ],
    }


def test_a_guide_without_questions_has_no_faqpage(client, sections):
    body = [{"type": "paragraph", "value": "<p>Drink some water.</p>"}]
    page = factories.guide(sections["guides"], body=body)
    data = jsonld(get(client, page.url))
    assert "FAQPage" not in data
    assert set(data) == {"Organization", "MedicalWebPage", "BreadcrumbList"}


def test_jsonld_stays_inside_its_script_whatever_the_title(client, sections):
    title = 'Neck </script><script>alert("x")</script> & more'
    page = factories.routine(sections["routines"], title=title, slug="evil")
    html = get(client, page.url)
    assert "<script>alert" not in html
    assert jsonld(html)["HowTo"]["name"] == title


def test_modality_index_builds_the_comparison_table_from_pages(client, sections, taxonomy):
    index = sections["modalities"]
    factories.modality(index, "Swedish massage", 30, 60)
    factories.modality(
        index,
        "Trigger point therapy",
        15,
        45,
        indications_summary="Localized referral pain",
        primary_benefit="Reduces referred pain",
        best_use="Targeted relief",
    )
    html = get(client, index.url)
    table = html.split('<table class="compare">')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    cells = [re.sub(r"<[^>]+>", "", row).split() for row in rows]
    assert cells[1][:3] == ["Trigger", "point", "therapy"]
    assert "15–45" in " ".join(cells[1]) and "Targeted" in cells[1]


def test_modality_page_has_medical_therapy_jsonld_and_related_routines(client, sections, taxonomy):
    modality = factories.modality(sections["modalities"], indications=[taxonomy["neck_pain"]])
    factories.routine(sections["routines"], "Neck release", related_modalities=[modality])
    html = get(client, modality.url)
    therapy = jsonld(html)["MedicalTherapy"]
    assert therapy["indication"] == [{"@type": "MedicalIndication", "name": "Neck pain"}]
    assert therapy["contraindication"] == ["You have a fever.", "You have a blood clot."]
    assert "Self-care routines to try" in html and "Neck release" in html
    assert "30–60 min" in html


def test_guide_page_renders_faq_with_faqpage_jsonld(client, sections):
    page = factories.guide(sections["guides"])
    html = get(client, page.url)
    assert '<h3 class="faq__question">Do I have to undress?</h3>' in html
    faq = jsonld(html)["FAQPage"]
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Only as much as you like."


def test_routine_page_prints_without_navigation_or_video(client, sections):
    html = get(client, factories.routine(sections["routines"]).url)
    assert "education/education.css" in html
    css = (settings.BASE_DIR / "static/education/education.css").read_text()
    print_rules = css.split("@media print")[1]
    for selector in (".breadcrumbs", ".routine__video", ".related", "break-inside: avoid"):
        assert selector in print_rules


@pytest.fixture
def many_routines(sections, taxonomy):
    index = sections["routines"]
    for number in range(6):
        factories.routine(
            index,
            f"Neck routine {number}",
            difficulty="easy" if number % 2 else "moderate",
            total_minutes=5 + number * 5,
            body_areas=[taxonomy["neck"]],
            conditions=[taxonomy["neck_pain"]],
        )
    for number in range(3):
        factories.routine(
            index, f"Calf routine {number}", total_minutes=15, body_areas=[taxonomy["calves"]]
        )
    return index


def test_index_filters_combine_with_counts_and_shareable_urls(client, many_routines):
    html = get(client, many_routines.url + "?area=neck&difficulty=easy")
    assert "3 routines" in html
    assert html.count('class="card routine-card"') == 3
    # Each facet counts under the other filters: difficulty counts are for neck routines.
    assert re.search(r"Moderate <span class=\"facet__count\">\(3", html)
    assert 'href="?area=neck"' in html  # removing the difficulty keeps the area
    assert 'aria-current="true"' in html


def test_index_time_filter_counts_are_cumulative(client, many_routines):
    html = get(client, many_routines.url + "?max_time=15")
    assert "6 routines" in html  # 5, 10, 15 (neck) + three 15-minute calf routines
    assert re.search(r"10 min or less <span class=\"facet__count\">\(2", html)


def test_unknown_filter_values_are_ignored_with_a_message(client, many_routines):
    html = get(client, many_routines.url + "?area=elbow&difficulty=extreme&max_time=soon")
    assert "9 routines" in html
    assert "We have no body area called “elbow”" in html
    assert "“extreme” is not a difficulty we use" in html
    assert "“soon” is not a time in minutes" in html


def test_empty_filter_result_has_a_useful_empty_state(client, many_routines):
    html = get(client, many_routines.url + "?area=calves&difficulty=moderate")
    assert "No routine matches all of these filters." in html
    assert 'href="?"' in html


def test_drafts_and_private_routines_are_not_listed(client, sections):
    index = sections["routines"]
    factories.routine(index, "Public routine")
    draft = factories.routine(index, "Draft routine")
    draft.unpublish()
    private = factories.routine(index, "Private routine")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    html = get(client, index.url)
    assert "Public routine" in html
    assert "Draft routine" not in html and "Private routine" not in html
    assert "1 routine" in html


def _count(client, url, django_assert_max_num_queries, budget):
    client.get(url)  # warm per-process caches (content types, site root paths)
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_routine_page_query_budget(
    client, home_page, sections, taxonomy, django_assert_max_num_queries
):
    """At most 12 queries in all (routing, privacy check, site chrome included), whatever the
    number of steps, areas, conditions or modalities."""
    small = factories.routine(sections["routines"], "Small", body_areas=[taxonomy["neck"]])
    big = factories.routine(
        sections["routines"],
        "Big",
        steps=[factories.step(f"Step {n}") for n in range(15)],
        body_areas=[taxonomy["neck"], taxonomy["calves"]],
        conditions=[taxonomy["neck_pain"], taxonomy["soreness"]],
        equipment=[taxonomy["roller"], taxonomy["lotion"]],
        related_modalities=[factories.modality(sections["modalities"])],
    )
    small_count = _count(client, small.url, django_assert_max_num_queries, 12)
    big_count = _count(client, big.url, django_assert_max_num_queries, 12)
    assert small_count == big_count


def test_filtered_index_query_budget(
    client, many_routines, taxonomy, django_assert_max_num_queries
):
    """At most 10 queries in all, and the same for 9 or 19 routines."""
    url = many_routines.url + "?area=neck&condition=neck-pain&difficulty=easy&max_time=30"
    before = _count(client, url, django_assert_max_num_queries, 10)
    for number in range(10):
        factories.routine(many_routines, f"More {number}", body_areas=[taxonomy["neck"]])
    assert _count(client, url, django_assert_max_num_queries, 10) == before
