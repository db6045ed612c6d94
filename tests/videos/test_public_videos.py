"""A video is served on its own (/api/v1/videos/<id>) only while it is ready and a public page
shows it; any other id, a video only a draft, private, expired or future page uses included,
is the same 404 as a missing one. No ffmpeg needed: the rows are made directly."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page

from tests.education.factories import put_in_state, routine, sections
from videos.models import ExerciseVideo, VideoStatus

pytestmark = pytest.mark.django_db

PAGE_STATES = ("draft", "restricted", "expired", "future", "public")


def ready_video(title="Neck tilts", status=VideoStatus.READY):
    return ExerciseVideo.objects.create(
        title=title,
        description="Slow neck tilts.",
        file="videos/originals/neck.mp4",
        status=status,
        duration=12.0,
        width=640,
        height=360,
        transcript="Tilt your head to the left, then to the right.",
    )


@pytest.fixture
def routines(home_page):
    return sections(home_page)["routines"]


def missing(client):
    return client.get("/api/v1/videos/999999999")


def test_a_video_only_a_draft_routine_uses_is_not_served(client, routines):
    video = ready_video()
    page = routine(routines, title="Draft neck", video=video)
    assert client.get(f"/api/v1/videos/{video.pk}").status_code == 200
    page.unpublish()
    response = client.get(f"/api/v1/videos/{video.pk}")
    assert response.status_code == 404
    assert response.json() == missing(client).json()
    assert "Neck tilts" not in response.content.decode()


def test_a_video_no_page_uses_is_not_served(client, routines):
    video = ready_video()
    assert client.get(f"/api/v1/videos/{video.pk}").status_code == 404
    assert not ExerciseVideo.objects.public().filter(pk=video.pk).exists()


def test_a_video_is_served_while_any_public_page_uses_it(client, routines):
    video = ready_video()
    kept = routine(routines, title="Public neck", video=video)
    hidden = routine(routines, title="Private neck", video=video)
    put_in_state(hidden, "restricted")
    assert client.get(f"/api/v1/videos/{video.pk}").json()["title"] == "Neck tilts"
    put_in_state(kept, "expired")
    assert client.get(f"/api/v1/videos/{video.pk}").status_code == 404


def test_a_draft_of_a_live_routine_does_not_publish_its_new_video(client, routines):
    shown, drafted = ready_video("Shown"), ready_video("Drafted")
    page = routine(routines, title="Neck", video=shown)
    page.video = drafted
    page.save_revision()  # a draft: the live page still shows the first video
    assert client.get(f"/api/v1/videos/{shown.pk}").status_code == 200
    assert client.get(f"/api/v1/videos/{drafted.pk}").status_code == 404


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    states=st.lists(st.sampled_from(PAGE_STATES), max_size=3),
    status=st.sampled_from(VideoStatus.values),
)
def test_a_video_is_served_exactly_when_ready_and_a_public_page_uses_it(
    client, routines, states, status
):
    video = ready_video(status=status)
    for state in states:
        page = routine(routines, title=f"Routine {video.pk} {len(Page.objects.all())}", video=video)
        put_in_state(page, state)
    served = status == VideoStatus.READY and "public" in states
    response = client.get(f"/api/v1/videos/{video.pk}")
    assert response.status_code == (200 if served else 404), (states, status)
    assert ExerciseVideo.objects.public().filter(pk=video.pk).exists() == served
    if not served:
        assert response.json() == missing(client).json()
