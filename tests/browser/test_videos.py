"""The exercise-video player in a real browser: it loads, captions show, chapters seek by keyboard.

The player partial is rendered by a small page defined here (this module is the URLconf for
these tests), so the test does not depend on how other apps place videos.
"""

import subprocess

import pytest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import include, path, re_path
from django.views.static import serve

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.ffmpeg,
]

PAGE = (
    '{% extends "base.html" %}{% block title %}Player{% endblock %}{% block content %}'
    '<div class="wrap"><h1>Neck release</h1>'
    '{% include "videos/includes/player.html" %}</div>{% endblock %}'
)


def player_page(request, pk):
    from videos.models import ExerciseVideo

    video = get_object_or_404(ExerciseVideo, pk=pk)
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({"video": video}, request))


def media(request, path):
    from django.conf import settings

    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    path("test-player/<int:pk>/", player_page),
    re_path(r"^media/(?P<path>.*)$", media),
    path("", include("config.urls")),
]


@pytest.fixture
def video(settings, tmp_path):
    from tests.videos.factories import make_video

    settings.ROOT_URLCONF = __name__
    clip = tmp_path / "clip.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:duration=2",
         "-f", "lavfi", "-i", "sine=duration=2", "-c:v", "libx264", "-preset", "ultrafast",
         "-pix_fmt", "yuv420p", "-c:a", "aac", str(clip)],
        check=True,
    )  # fmt: skip
    return make_video(
        clip,
        title="Neck release",
        transcript="Tilt your head slowly to one side.",
        captions=True,
        chapters=[("Start", 0), ("Tilt", 1.2)],
    )


def test_player_loads_shows_captions_and_chapters_seek_by_keyboard(
    live_server, home_page, video, page, axe_violations
):
    page.goto(f"{live_server.url}/test-player/{video.pk}/")
    player = page.locator("video")
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    assert abs(player.evaluate("v => v.duration") - 2.0) < 0.1
    assert player.evaluate("v => v.textTracks.length") == 1
    assert player.evaluate("v => v.textTracks[0].mode") == "showing"
    assert player.evaluate("v => v.videoWidth") == 320

    chapter = page.get_by_role("button", name="Play from 0:01 Tilt")
    chapter.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("Math.abs(document.querySelector('video').currentTime - 1.2) < 0.3")

    summary = page.locator("summary", has_text="Transcript")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.get_by_text("Tilt your head slowly to one side.").is_visible()
    assert axe_violations(page) == []
