"""Editors get form errors in the Wagtail admin, never a 500."""

import datetime

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from education.models import Condition, SelfCareRoutinePage
from tests.education.factories import ReviewerFactory
from videos.models import CaptionTrack, ExerciseVideo

pytestmark = pytest.mark.django_db


def step_value(**changes):
    value = {
        "title": "Shoulder rolls",
        "instructions": rich_text("<p>Roll your shoulders back.</p>"),
        "duration_seconds": "30",
        "sets": "",
        "reps": "",
        "image": "",
        "caution": "",
        "video_start": "",
        "video_end": "",
    }
    value.update(changes)
    return value


def routine_form(action="action-publish", steps=None, red_flags=("Your arm goes numb.",), **extra):
    data = {
        "title": "Neck release",
        "slug": "neck-release",
        "summary": "A short routine for a stiff neck.",
        "difficulty": "easy",
        "total_minutes": "10",
        "steps": streamfield([("step", value) for value in (steps or [step_value()])]),
        "red_flags": streamfield([("red_flag", flag) for flag in red_flags]),
        "contraindications": rich_text(""),
        "review_interval_months": "12",
        "comments": inline_formset([]),
        action: "1",
    }
    data.update(extra)
    return nested_form_data(data)


@pytest.fixture
def review(admin_user):
    """A current clinical review in the form, by the admin's own reviewer profile: a page is
    published directly only with one (education/rules.py)."""
    reviewer = ReviewerFactory(user=admin_user)
    return {"reviewer": str(reviewer.pk), "last_reviewed": datetime.date.today().isoformat()}


def add_url(index):
    return f"/admin/pages/add/education/selfcareroutinepage/{index.pk}/"


def errors_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_valid_routine_publishes(admin_client, sections, review):
    response = admin_client.post(add_url(sections["routines"]), routine_form(**review))
    assert response.status_code == 302
    page = SelfCareRoutinePage.objects.get(slug="neck-release")
    assert page.live and page.reading_grade is not None


def test_routine_without_red_flag_is_a_form_error(admin_client, sections):
    response = admin_client.post(add_url(sections["routines"]), routine_form(red_flags=()))
    assert "Add at least one red flag" in errors_of(response)
    assert not SelfCareRoutinePage.objects.exists()


def test_step_without_duration_or_reps_is_a_form_error(admin_client, sections):
    form = routine_form(steps=[step_value(duration_seconds="")])
    response = admin_client.post(add_url(sections["routines"]), form)
    assert "duration in seconds or a number of reps" in errors_of(response)
    assert not SelfCareRoutinePage.objects.exists()


def modality_form(**changes):
    data = {
        "title": "Swedish massage",
        "slug": "swedish",
        "summary": "Gentle strokes.",
        "what_it_is": rich_text("<p>Long strokes.</p>"),
        "indications_summary": "Tension",
        "session_min_minutes": "30",
        "session_max_minutes": "60",
        "primary_benefit": "Relaxation",
        "best_use": "A first massage",
        "pressure_level": "light",
        "contraindications": rich_text("<p>Fever.</p>"),
        "what_to_expect": rich_text("<p>A table.</p>"),
        "evidence_summary": rich_text(""),
        "references": streamfield([]),
        "review_interval_months": "12",
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def test_session_minimum_above_maximum_is_a_form_error(admin_client, sections):
    data = modality_form(
        session_min_minutes="75", session_max_minutes="30", **{"action-publish": "1"}
    )
    url = f"/admin/pages/add/education/modalitypage/{sections['modalities'].pk}/"
    response = admin_client.post(url, data)
    assert "shorter than the shortest" in errors_of(response)


def test_icd10_code_of_the_wrong_shape_is_a_snippet_form_error(admin_client):
    data = {"name": "Neck pain", "slug": "neck-pain", "icd10cm_codes": "M54-2", "snomed_codes": ""}
    response = admin_client.post("/admin/snippets/education/condition/add/", data)
    assert "not an ICD-10-CM code" in errors_of(response)
    assert not Condition.objects.exists()


def test_reading_level_is_shown_to_the_editor_next_to_the_target(admin_client, sections, review):
    admin_client.post(add_url(sections["routines"]), routine_form(**review))
    page = SelfCareRoutinePage.objects.get(slug="neck-release")
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert f"Reading level: grade {page.reading_grade}" in html
    assert "Target: grade 8 or lower" in html


@pytest.fixture
def silent_video(db):
    return ExerciseVideo.objects.create(title="Neck video", file="videos/neck.mp4", status="ready")


def test_publishing_with_an_uncaptioned_video_is_refused_citing_wcag(
    admin_client, sections, silent_video
):
    form = routine_form(video=str(silent_video.pk))
    html = errors_of(admin_client.post(add_url(sections["routines"]), form))
    assert "WCAG 2.2 success criterion 1.2.2" in html
    assert not SelfCareRoutinePage.objects.filter(live=True).exists()


def test_a_draft_with_an_uncaptioned_video_can_be_saved(admin_client, sections, silent_video):
    form = routine_form(action="action-save", video=str(silent_video.pk))
    response = admin_client.post(add_url(sections["routines"]), form)
    assert response.status_code == 302
    page = SelfCareRoutinePage.objects.get(slug="neck-release")
    assert not page.live


@pytest.mark.parametrize("alternative", ["transcript", "captions"])
def test_a_video_with_captions_or_a_transcript_can_be_published(
    admin_client, sections, silent_video, alternative, review
):
    if alternative == "transcript":
        silent_video.transcript = "Roll your shoulders back five times."
        silent_video.save()
    else:
        CaptionTrack.objects.create(video=silent_video, file="videos/captions/neck.vtt")
    form = routine_form(video=str(silent_video.pk), **review)
    response = admin_client.post(add_url(sections["routines"]), form)
    assert response.status_code == 302
    assert SelfCareRoutinePage.objects.get(slug="neck-release").live


def test_review_due_report_lists_overdue_and_unreviewed_pages(admin_client, sections):
    from tests.education import factories

    today = datetime.date.today()
    overdue = factories.routine(sections["routines"], "Overdue")
    factories.routine(sections["routines"], "Fresh", last_reviewed=today)
    never = factories.routine(sections["routines"], "Never")
    # Live pages fall due as time passes; a page imported before reviews were kept has none.
    type(overdue).objects.filter(pk=overdue.pk).update(
        last_reviewed=today.replace(year=today.year - 2),
        next_review_due=today.replace(year=today.year - 1),
    )
    type(never).objects.filter(pk=never.pk).update(last_reviewed=None, next_review_due=None)
    response = admin_client.get("/admin/reports/review-due/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Overdue" in html and "Never" in html
    assert "Fresh" not in html


def test_approving_a_workflow_from_the_editor_rechecks_the_captions(
    admin_client, admin_user, sections, silent_video, review
):
    """Regression: approval published a revision without the WCAG 2.2 SC 1.2.2 check."""
    silent_video.transcript = "Roll your shoulders back five times."
    silent_video.save()
    response = admin_client.post(
        add_url(sections["routines"]),
        routine_form(action="action-submit", video=str(silent_video.pk)),
    )
    assert response.status_code == 302
    page = SelfCareRoutinePage.objects.get(slug="neck-release")
    assert page.workflow_in_progress
    silent_video.transcript = ""  # the transcript is taken away while the page awaits review
    silent_video.save()

    approve = routine_form(action="action-workflow-action", video=str(silent_video.pk))
    approve["workflow-action-name"] = "approve"
    html = errors_of(admin_client.post(f"/admin/pages/{page.pk}/edit/", approve))
    assert "WCAG 2.2 success criterion 1.2.2" in html
    page.refresh_from_db()
    assert not page.live and page.workflow_in_progress
