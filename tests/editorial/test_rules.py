"""The publishing rules (education/rules.py) on every way an education page goes live: each
rule stops each path, the person sees which rule and how to fix it, nothing goes live, and
every path asks the one rule set object (a rule added to it is obeyed everywhere at once)."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, Workflow

from education.models import SelfCareRoutinePage
from education.rules import PUBLISHING_RULES, REVIEW, PublishBlocked, Rule
from tests.education import factories
from tests.education.test_admin import routine_form
from videos.models import ExerciseVideo

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
TWO_YEARS_AGO = TODAY - datetime.timedelta(days=730)
HARD_WORDS = (
    "Myofascial decompression techniques characteristically demonstrate considerable "
    "physiological effectiveness regarding musculoskeletal dysfunction and proprioceptive "
    "reintegration."
)


@pytest.fixture
def reviewer_user(db):
    user = get_user_model().objects.create_user(username="reviewer-1", password="unused")
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    factories.ReviewerFactory(name="Dana Lee", credentials="DPT", user=user)
    return user


@pytest.fixture
def reviewer_client(client, reviewer_user):
    client.force_login(reviewer_user)
    return client


@pytest.fixture
def silent_video(db):
    return ExerciseVideo.objects.create(title="Neck video", file="videos/neck.mp4", status="ready")


# Each rule: what breaks it in a draft (factory values) and in the editor's form, and words
# of the message the person sees.
def broken(rule, silent_video):
    current = {"reviewer": factories.ReviewerFactory(), "last_reviewed": TODAY}
    return {
        "red_flags": ({**current, "red_flags": ()}, "Stop and seek care if"),
        "reading_grade": ({**current, "summary": HARD_WORDS}, "above the target of 8"),
        "video_text": ({**current, "video": silent_video}, "WCAG 2.2 success criterion 1.2.2"),
        "no_review": ({}, "No clinical review is recorded"),
        "overdue": ({**current, "last_reviewed": TWO_YEARS_AGO}, "clinical review was due"),
    }[rule]


CONTENT_RULES = ("red_flags", "reading_grade", "video_text")
ALL_RULES = CONTENT_RULES + ("no_review", "overdue")


def draft(sections, values):
    return factories.routine(sections["routines"], "Neck release", live=False, **values)


def in_review(page, user):
    Workflow.objects.get(name="Clinical review").start(page, user)
    page.refresh_from_db()
    return page.current_workflow_task_state


def assert_not_live(page):
    page.refresh_from_db()
    assert not page.live and page.live_revision_id is None


# Paths ------------------------------------------------------------------------------------
# Each takes the draft and returns what the person (or the log) is told.


def publish_in_code(page, client, user):
    with pytest.raises(PublishBlocked) as refused:
        page.get_latest_revision().publish(user=user)
    return str(refused.value.summary())


def bulk_publish(page, client, user):
    url = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/"
    confirmation = client.get(url).content.decode()
    assert "can't be published yet" in confirmation
    client.post(url, {"include_descendants": False})
    return confirmation


def approve_from_dashboard(page, client, user):
    # The dashboard's "Approve and publish" button posts the action without a modal.
    task_state = in_review(page, user)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/?next=/admin/"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    page.refresh_from_db()
    assert page.workflow_in_progress  # still waiting for the reviewer
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def approve_with_comment_in_modal(page, client, user):
    task_state = in_review(page, user)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/",
        {"comment": "Looks right."},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["step"] == "action"  # the modal stays open, with the errors
    return response.json()["html"]


def go_live_on_schedule(page, client, user):
    revision = page.get_latest_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=5)
    revision.save()
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None  # cancelled, with the reason in the history
    entry = PageLogEntry.objects.get(page=page, action="editorial.publish.held")
    assert entry.data["reasons"]
    again = io.StringIO()
    call_command("publish_scheduled", stdout=again)  # twice: nothing more to do
    assert "Held back" not in again.getvalue()
    return out.getvalue() + " " + " ".join(entry.data["reasons"])


PATHS = {
    "code": publish_in_code,
    "bulk": bulk_publish,
    "dashboard approve": approve_from_dashboard,
    "modal approve with comment": approve_with_comment_in_modal,
    "publish_scheduled": go_live_on_schedule,
}
APPROVALS = ("dashboard approve", "modal approve with comment")
# An approval records the clinical review, so only content rules can stop one (the review
# rules on approval: tests/editorial/test_workflow.py).
RULE_PATHS = [
    (rule, path) for path in PATHS for rule in (CONTENT_RULES if path in APPROVALS else ALL_RULES)
]


@pytest.mark.parametrize(("rule", "path"), RULE_PATHS)
def test_each_rule_stops_each_path(
    sections, reviewer_client, reviewer_user, silent_video, rule, path
):
    values, words = broken(rule, silent_video)
    page = draft(sections, values)
    told = PATHS[path](page, reviewer_client, reviewer_user)
    assert words in told
    assert_not_live(page)


@pytest.mark.parametrize("rule", ALL_RULES)
def test_each_rule_is_a_form_error_on_the_publish_button(
    admin_client, admin_user, sections, silent_video, rule
):
    values, words = broken(rule, silent_video)
    page = draft(sections, values)
    fields = {"summary": values.get("summary", "A short routine for a stiff neck.")}
    if "video" in values:
        fields["video"] = str(values["video"].pk)
    if "reviewer" in values:
        fields["reviewer"] = str(values["reviewer"].pk)
        fields["last_reviewed"] = values["last_reviewed"].isoformat()
    form = routine_form(red_flags=values.get("red_flags", ("Numb arm.",)), **fields)
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", form)
    html = response.content.decode()
    assert response.status_code == 200
    if rule == "red_flags":  # the form's own check speaks first
        words = "Add at least one red flag"
    assert words in html
    assert_not_live(page)


@pytest.mark.parametrize("rule", CONTENT_RULES)
def test_content_rules_stop_a_submission_for_review(admin_client, sections, silent_video, rule):
    form = routine_form(action="action-submit")
    words = broken(rule, silent_video)[1]
    if rule == "red_flags":
        form = routine_form(action="action-submit", red_flags=())
        words = "Add at least one red flag"
    elif rule == "reading_grade":
        form["summary"] = HARD_WORDS
    else:
        form["video"] = str(silent_video.pk)
    response = admin_client.post(
        f"/admin/pages/add/education/selfcareroutinepage/{sections['routines'].pk}/", form
    )
    assert response.status_code == 200 and words in response.content.decode()
    assert not SelfCareRoutinePage.objects.exists()


def test_a_submission_is_not_held_to_the_review_rules(admin_client, sections):
    response = admin_client.post(
        f"/admin/pages/add/education/selfcareroutinepage/{sections['routines'].pk}/",
        routine_form(action="action-submit"),
    )
    assert response.status_code == 302
    page = SelfCareRoutinePage.objects.get()
    assert page.workflow_in_progress and not page.live


def test_an_override_with_a_reason_lets_the_page_go_live_and_is_in_its_history(
    sections, reviewer_user
):
    values, _ = broken("reading_grade", None)
    page = draft(sections, values | {"reading_grade_override": True})
    with pytest.raises(PublishBlocked, match="needs a written reason"):
        page.get_latest_revision().publish(user=reviewer_user)
    page.reading_grade_override_reason = "Names of techniques patients will hear in the clinic."
    page.save_revision(user=reviewer_user).publish(user=reviewer_user)
    page.refresh_from_db()
    assert page.live
    entry = PageLogEntry.objects.get(page=page, action="education.reading_override")
    assert entry.user == reviewer_user
    assert entry.data["reason"].startswith("Names of techniques")
    assert "Published at reading grade" in entry.message


def test_an_override_without_a_reason_is_a_form_error_even_on_save(admin_client, sections):
    form = routine_form(action="action-save", reading_grade_override="on")
    response = admin_client.post(
        f"/admin/pages/add/education/selfcareroutinepage/{sections['routines'].pk}/", form
    )
    assert "Write why this page is published above the target grade" in response.content.decode()


def test_a_page_that_keeps_the_rules_goes_live_on_schedule(sections, reviewer_user):
    values = {"reviewer": factories.ReviewerFactory(), "last_reviewed": TODAY}
    page = draft(sections, values)
    revision = page.get_latest_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live


def canary(page):
    return "The canary rule refuses every page."


@pytest.mark.parametrize("path", PATHS)
def test_every_path_asks_the_one_rule_set(
    monkeypatch, sections, reviewer_client, reviewer_user, path
):
    """A rule added to PUBLISHING_RULES, and only there, is obeyed on every path."""
    extra = Rule("canary", "title", "content", canary)
    monkeypatch.setattr(PUBLISHING_RULES, "rules", PUBLISHING_RULES.rules + (extra,))
    page = draft(sections, {"reviewer": factories.ReviewerFactory(), "last_reviewed": TODAY})
    told = PATHS[path](page, reviewer_client, reviewer_user)
    assert "The canary rule refuses every page." in told
    assert_not_live(page)


def test_the_editor_form_asks_the_one_rule_set_too(monkeypatch, admin_client, sections):
    extra = Rule("canary", "title", "content", canary)
    monkeypatch.setattr(PUBLISHING_RULES, "rules", PUBLISHING_RULES.rules + (extra,))
    response = admin_client.post(
        f"/admin/pages/add/education/selfcareroutinepage/{sections['routines'].pk}/",
        routine_form(action="action-submit"),
    )
    assert "The canary rule refuses every page." in response.content.decode()


def test_review_rules_are_marked_as_such():
    stages = {rule.code: rule.stage for rule in PUBLISHING_RULES.rules}
    assert stages == {
        "red_flags": "content",
        "reading_grade": "content",
        "video_text": "content",
        "clinical_review": REVIEW,
    }


def live_copy(page, parent, user):
    """Wagtail's copy with "publish copies" ticked, as read back from the database."""
    copy = page.copy(
        to=parent,
        update_attrs={"slug": "neck-release-copy", "title": "Neck release copy"},
        keep_live=True,
        user=user,
    )
    copy.refresh_from_db()
    return copy


def test_a_live_copy_that_breaks_the_rules_is_unpublished_at_once(sections, reviewer_user):
    """Wagtail's copy keeps copies live without publish(): checked when announced."""
    page = factories.routine(sections["routines"])
    SelfCareRoutinePage.objects.filter(pk=page.pk).update(last_reviewed=TWO_YEARS_AGO)
    page.refresh_from_db()
    copy = live_copy(page, sections["routines"], reviewer_user)
    assert not copy.live
    entry = PageLogEntry.objects.get(page=copy, action="editorial.publish.held")
    assert "clinical review was due" in " ".join(entry.data["reasons"])


def test_a_live_copy_that_keeps_the_rules_stays_live(sections, reviewer_user):
    page = factories.routine(sections["routines"])
    copy = live_copy(page, sections["routines"], reviewer_user)
    assert copy.live


@pytest.mark.parametrize("rule", CONTENT_RULES)
def test_each_content_rule_stops_an_approval_in_the_editor(
    reviewer_client, reviewer_user, sections, silent_video, rule
):
    """The reviewer edits while approving (the editor's "Approve" button): the form says why."""
    page = draft(sections, {"reviewer": factories.ReviewerFactory(), "last_reviewed": TODAY})
    in_review(page, reviewer_user)
    fields, words = {}, broken(rule, silent_video)[1]
    red_flags = ("Numb arm.",)
    if rule == "red_flags":
        red_flags, words = (), "Add at least one red flag"
    elif rule == "reading_grade":
        fields["summary"] = HARD_WORDS
    else:
        fields["video"] = str(silent_video.pk)
    form = routine_form(action="action-workflow-action", red_flags=red_flags, **fields)
    form["workflow-action-name"] = "approve"
    response = reviewer_client.post(f"/admin/pages/{page.pk}/edit/", form)
    assert response.status_code == 200 and words in response.content.decode()
    assert_not_live(page)
    assert page.workflow_in_progress


def test_scheduling_a_page_that_breaks_a_rule_is_refused_too(admin_client, sections, silent_video):
    """The publish button with a go-live date in the future schedules: the same rules."""
    page = draft(sections, {"reviewer": factories.ReviewerFactory(), "last_reviewed": TODAY})
    later = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    form = routine_form(video=str(silent_video.pk), go_live_at=later)
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", form)
    assert "WCAG 2.2 success criterion 1.2.2" in response.content.decode()
    assert not page.revisions.filter(approved_go_live_at__isnull=False).exists()
