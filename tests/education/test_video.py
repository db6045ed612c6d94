"""A routine's follow-along video: the player, chapters from the steps, VideoObject JSON-LD."""

import json
import re

import pytest

from tests.education import factories
from videos.models import ExerciseVideo, VideoChapter

pytestmark = pytest.mark.django_db


@pytest.fixture
def video(db):
    return ExerciseVideo.objects.create(
        title="Neck video",
        file="videos/neck.mp4",
        status="ready",
        duration=120.0,
        transcript="Roll your shoulders back. Tuck your chin.",
    )


def videoobject(html):
    items = map(json.loads, re.findall(r'type="application/ld\+json">(.*?)</script>', html, re.S))
    return next(item for item in items if item["@type"] == "HowTo")["video"]


def test_steps_with_video_times_become_chapters(client, sections, video):
    steps = [
        factories.step("Shoulder rolls", start=0, end=40),
        factories.step("Chin tucks", start=40),
        factories.step("Breathe", seconds=60),
    ]
    page = factories.routine(sections["routines"], steps=steps, video=video)
    html = client.get(page.url).content.decode()
    assert 'class="video-player"' in html
    assert "1. Shoulder rolls" in html and "2. Chin tucks" in html
    assert "3. Breathe" not in html  # a step without a start time is no chapter
    data = videoobject(html)
    assert data["@type"] == "VideoObject" and "@context" not in data
    assert data["name"] == "Neck video"
    assert [part["name"] for part in data["hasPart"]] == ["1. Shoulder rolls", "2. Chin tucks"]
    assert data["hasPart"][1]["startOffset"] == 40


def test_without_step_times_the_video_keeps_its_own_chapters(client, sections, video):
    VideoChapter.objects.create(video=video, title="Warm up", start=0, sort_order=0)
    page = factories.routine(sections["routines"], video=video)
    data = videoobject(client.get(page.url).content.decode())
    assert [part["name"] for part in data["hasPart"]] == ["Warm up"]


def test_a_video_still_processing_is_left_out(client, sections, video):
    video.status = "processing"
    video.save()
    page = factories.routine(sections["routines"], video=video)
    html = client.get(page.url).content.decode()
    assert 'class="video-player"' not in html
    assert '"VideoObject"' not in html


def test_a_video_without_captions_or_transcript_never_reaches_patients(client, sections, video):
    """Regression: approving a workflow publishes a revision without the publish form's
    WCAG 2.2 SC 1.2.2 check; the page itself must still leave such a video out."""
    page = factories.routine(sections["routines"], video=video)
    video.transcript = ""  # taken away after the routine went live
    video.captions.all().delete()
    video.save()
    html = client.get(page.url).content.decode()
    assert 'class="video-player"' not in html
    assert '"VideoObject"' not in html
    data = client.get(f"/api/v1/education/pages/{page.pk}").json()
    assert data["video"] is None
