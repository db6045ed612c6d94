"""The reports of each role's work (clinical reviews, reading grades, videos, hidden listings,
partner usage): their rows and filters, CSV and XLSX exports parsed back, who sees them, at
most 10 queries for a whole admin page at any size, and the dashboard panels that count them."""

import csv
import datetime
import io
import itertools

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from education.models import SelfCareRoutinePage
from feeds.models.partners import ApiTokenUsage
from tests.directory.factories import LicenceFactory, TherapistFactory
from tests.editorial.test_reports import exported
from tests.editorial.test_roles import member_of
from tests.education import factories
from tests.feeds.factories_partners import PartnerFactory, issue_token
from videos.models import CaptionTrack, ExerciseVideo

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
REVIEWS = "/admin/reports/review-due/"
READING = "/admin/reports/reading-grade/"
VIDEOS = "/admin/reports/videos/"
HIDDEN = "/admin/reports/hidden-listings/"
PARTNERS = "/admin/reports/partner-usage/"


def routine_reviewed(sections, title, last_reviewed, due):
    """A live routine whose review has since come to this state (as time passing does)."""
    page = factories.routine(sections["routines"], title)
    SelfCareRoutinePage.objects.filter(pk=page.pk).update(
        last_reviewed=last_reviewed, next_review_due=due
    )
    return page


@pytest.fixture
def pages(sections):
    day = datetime.timedelta(days=1)
    return {
        "overdue": routine_reviewed(sections, "Overdue", TODAY - 400 * day, TODAY - 35 * day),
        "soon": routine_reviewed(sections, "Due soon", TODAY - 350 * day, TODAY + 10 * day),
        "never": routine_reviewed(sections, "Never reviewed", None, None),
        "fresh": factories.routine(sections["routines"], "Fresh"),
        "overridden": factories.guide(
            sections["guides"],
            "Trigger points",
            summary="Myofascial trigger-point decompression characteristically demonstrates "
            "considerable physiological effectiveness regarding musculoskeletal dysfunction.",
            reading_grade_override=True,
            reading_grade_override_reason="Names patients hear in the clinic.",
        ),
        "hard_draft": factories.guide(
            sections["guides"],
            "Proprioception",
            live=False,
            summary="Proprioceptive neuromuscular facilitation interventions characteristically "
            "demonstrate considerable physiological effectiveness.",
        ),
    }


def titles(response):
    assert response.status_code == 200
    return [row.title for row in response.context["object_list"]]


def test_reviews_due_by_window_and_type(admin_client, pages):
    # Drafts too: a page never reviewed cannot be published until it is.
    everything = ["Never reviewed", "Proprioception", "Overdue", "Due soon"]
    assert titles(admin_client.get(REVIEWS)) == everything
    assert titles(admin_client.get(REVIEWS, {"window": "overdue"})) == ["Overdue"]
    assert titles(admin_client.get(REVIEWS, {"window": "soon"})) == ["Due soon"]
    never = ["Never reviewed", "Proprioception"]
    assert titles(admin_client.get(REVIEWS, {"window": "never"})) == never
    assert titles(admin_client.get(REVIEWS, {"kind": "guide"})) == ["Proprioception"]


def test_reading_grade_above_target_with_and_without_override(admin_client, pages):
    assert titles(admin_client.get(READING)) == ["Proprioception", "Trigger points"]
    with_override = admin_client.get(READING, {"override": "yes"})
    assert titles(with_override) == ["Trigger points"]
    assert "Names patients hear in the clinic." in with_override.content.decode()
    assert titles(admin_client.get(READING, {"override": "no"})) == ["Proprioception"]


@pytest.fixture
def videos(db):
    def video(title, status, **fields):
        return ExerciseVideo.objects.create(
            title=title, file=f"videos/{title}.mp4", status=status, **fields
        )

    captioned = video("Captioned", "ready")
    CaptionTrack.objects.create(video=captioned, file="videos/captions/c.vtt")
    return {
        "processing": video("Processing", "processing", processing_step="transcode", progress=40),
        "failed": video("Failed", "failed", failure_reason="The file has no video stream."),
        "uncaptioned": video("Uncaptioned", "ready"),
        "transcribed": video("Transcribed", "ready", transcript="Roll your shoulders."),
        "captioned": captioned,
    }


def test_videos_processing_failed_with_the_reason_or_without_captions(admin_client, videos):
    response = admin_client.get(VIDEOS)
    assert sorted(titles(response)) == ["Failed", "Processing", "Uncaptioned"]
    html = response.content.decode()
    assert "Failed: The file has no video stream." in html and "transcode, 40%" in html
    assert titles(admin_client.get(VIDEOS, {"problem": "captions"})) == ["Uncaptioned"]
    assert titles(admin_client.get(VIDEOS, {"problem": "failed"})) == ["Failed"]


@pytest.fixture
def listings(db):
    past = timezone.localdate() - datetime.timedelta(days=3)
    TherapistFactory(name="No licence")
    LicenceFactory(therapist=TherapistFactory(name="Revoked"), status="revoked")
    LicenceFactory(therapist=TherapistFactory(name="Unverified"), verified_at=None)
    LicenceFactory(therapist=TherapistFactory(name="Expired"), expires_on=past)
    LicenceFactory(therapist=TherapistFactory(name="Listed"))
    LicenceFactory(therapist=TherapistFactory(name="Draft", live=False), status="revoked")


def names(response):
    assert response.status_code == 200
    return [(row.name, row.reason_label) for row in response.context["object_list"]]


def test_hidden_listings_with_the_reason(admin_client, listings):
    assert [name for name, _ in names(admin_client.get(HIDDEN))] == [
        "Expired",
        "No licence",
        "Revoked",
        "Unverified",
    ]
    assert names(admin_client.get(HIDDEN, {"reason": "unverified"})) == [
        ("Unverified", "Active licence not verified")
    ]
    assert names(admin_client.get(HIDDEN, {"reason": "expired"})) == [
        ("Expired", "Licence past its expiry date")
    ]
    assert names(admin_client.get(HIDDEN, {"reason": "none"})) == [
        ("No licence", "No licence on file")
    ]
    assert [name for name, _ in names(admin_client.get(HIDDEN, {"reason": "status"}))] == [
        "Revoked"
    ]


@pytest.fixture
def usage(db):
    harbour = PartnerFactory(name="Harbour Clinic")
    busy, _ = issue_token(harbour, "Booking app")
    quiet, _ = issue_token(harbour, "Website")
    busy.last_used_at = timezone.now()
    busy.save()
    ApiTokenUsage.store(busy.pk, TODAY, 120)
    ApiTokenUsage.store(busy.pk, TODAY - datetime.timedelta(days=20), 1000)
    ApiTokenUsage.store(quiet.pk, TODAY - datetime.timedelta(days=2), 5)
    return busy, quiet


def test_partner_usage_busiest_first(admin_client, usage):
    response = admin_client.get(PARTNERS)
    rows = [(t.name, t.requests_7, t.requests_30) for t in response.context["object_list"]]
    assert rows == [("Booking app", 120, 1120), ("Website", 5, 5)]
    assert titles_of_state(admin_client, "unused") == ["Website"]


def titles_of_state(client, state):
    return [t.name for t in client.get(PARTNERS, {"state": state}).context["object_list"]]


EXPORTS = {
    REVIEWS: ["Title", "Type", "Reviewer", "Last reviewed", "Next review due"],
    READING: ["Title", "Type", "Reading grade", "Override reason"],
    VIDEOS: ["Video", "Problem", "Uploaded"],
    HIDDEN: ["Therapist", "Why it is hidden"],
    PARTNERS: ["Token", "Partner", "Status", "Requests, 7 days", "Requests, 30 days", "Last used"],
}


@pytest.mark.parametrize("url", EXPORTS)
def test_every_report_exports_csv_and_xlsx(admin_client, pages, videos, listings, usage, url):
    shown = len(admin_client.get(url).context["object_list"])
    text = exported(admin_client.get(url, {"export": "csv"})).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == EXPORTS[url] and len(rows) == shown + 1
    book = openpyxl.load_workbook(io.BytesIO(exported(admin_client.get(url, {"export": "xlsx"}))))
    sheet = [[cell.value for cell in row] for row in book.active.iter_rows()]
    assert sheet[0] == EXPORTS[url] and len(sheet) == shown + 1


def whole_page_queries(client, url, query=None):
    client.get(url)  # the session and per-process caches are warm from here on
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query or {})
    assert response.status_code == 200 and response.context["object_list"]
    return len(captured)


LICENCE_NUMBERS = itertools.count(70000)


def many_listings(count):
    for _ in range(count):
        LicenceFactory(verified_at=None, number=f"MA{next(LICENCE_NUMBERS)}")


def many_videos(count):
    for number in range(count):
        ExerciseVideo.objects.create(title=f"V{number}", file=f"v/{number}.mp4", status="failed")


def many_tokens(count):
    partner = PartnerFactory()
    for number in range(count):
        token, _ = issue_token(partner, f"Token {number}")
        ApiTokenUsage.store(token.pk, TODAY, number + 1)


@pytest.mark.parametrize(
    ("url", "make"),
    [(HIDDEN, many_listings), (VIDEOS, many_videos), (PARTNERS, many_tokens)],
)
def test_a_whole_report_page_is_at_most_10_queries_at_any_size(admin_client, db, url, make):
    make(3)
    few = whole_page_queries(admin_client, url)
    make(60)  # more than a page of 50
    many = whole_page_queries(admin_client, url, {"p": 2})
    assert few == many <= 10


def test_education_reports_cost_the_same_queries_at_any_size(admin_client, pages):
    assert whole_page_queries(admin_client, REVIEWS) <= 10
    assert whole_page_queries(admin_client, READING) <= 10
    before = whole_page_queries(admin_client, REVIEWS)
    for number in range(5):
        routine_reviewed({"routines": pages["fresh"].get_parent()}, f"More {number}", None, None)
    assert whole_page_queries(admin_client, REVIEWS) == before


def panel_rows(client, panel_id):
    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = dashboard.find(id=f"{panel_id}-section")
    if panel is None:
        return None
    return {
        row.a.get_text(strip=True): (row.a["href"], row.find_all("td")[1].get_text(strip=True))
        for row in panel.tbody.find_all("tr")
    }


def test_each_role_sees_the_panels_of_its_own_work(client, pages, videos, listings, usage):
    seen = {}
    for role in ("Editors", "Clinical reviewers", "Directory managers", "Partner managers"):
        client.force_login(member_of(role))
        seen[role] = {
            panel: panel_rows(client, panel) is not None
            for panel in (
                "editorial-reviews",
                "editorial-videos",
                "editorial-licences",
                "editorial-partners",
            )
        }
    assert seen == {
        "Editors": {
            "editorial-reviews": True,
            "editorial-videos": True,
            "editorial-licences": False,
            "editorial-partners": False,
        },
        "Clinical reviewers": {
            "editorial-reviews": True,
            "editorial-videos": False,
            "editorial-licences": False,
            "editorial-partners": False,
        },
        "Directory managers": {
            "editorial-reviews": False,
            "editorial-videos": False,
            "editorial-licences": True,
            "editorial-partners": False,
        },
        "Partner managers": {
            "editorial-reviews": False,
            "editorial-videos": False,
            "editorial-licences": False,
            "editorial-partners": True,
        },
    }


def test_the_panels_count_and_link_to_their_reports(admin_client, pages, videos, usage):
    reviews = panel_rows(admin_client, "editorial-reviews")
    assert reviews["Overdue"] == (f"{REVIEWS}?window=overdue", "1")
    assert reviews["Due within 30 days"] == (f"{REVIEWS}?window=soon", "1")
    assert reviews["Never reviewed"] == (f"{REVIEWS}?window=never", "2")
    assert reviews["Above the target reading grade, no override"] == (
        f"{READING}?override=no",
        "1",
    )
    assert panel_rows(admin_client, "editorial-videos") == {
        "Processing": (f"{VIDEOS}?problem=processing", "1"),
        "Failed": (f"{VIDEOS}?problem=failed", "1"),
        "Missing captions and transcript": (f"{VIDEOS}?problem=captions", "1"),
    }
    partners = panel_rows(admin_client, "editorial-partners")
    assert partners["Requests today"] == (PARTNERS, "120")
    assert partners["Requests in the last 7 days"] == (PARTNERS, "125")
