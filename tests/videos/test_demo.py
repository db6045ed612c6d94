import pytest

from videos import demo
from videos.models import CaptionTrack, ExerciseVideo, VideoRendition, VideoStatus

pytestmark = [pytest.mark.django_db, pytest.mark.ffmpeg]

TITLES = [
    "Desk-worker neck and shoulder release",
    "Low-back foam-roller routine",
    "Tension-headache self-massage",
    "Post-run calf and hamstring care",
    "Hot-wrap relaxation routine",
]


def test_seed_makes_captioned_processed_videos_and_is_idempotent(monkeypatch):
    # Two clips are enough to show the behaviour; the full list is the same code five times.
    monkeypatch.setattr(demo, "DEMO_VIDEOS", [demo.DEMO_VIDEOS[0], demo.DEMO_VIDEOS[2]])
    messages = []
    demo.seed(messages.append)
    assert ExerciseVideo.objects.filter(status=VideoStatus.READY).count() == 2
    assert all(video.has_text_alternative for video in ExerciseVideo.objects.all())
    counts = (ExerciseVideo.objects.count(), VideoRendition.objects.count())
    demo.seed(messages.append)
    assert (ExerciseVideo.objects.count(), VideoRendition.objects.count()) == counts
    assert CaptionTrack.objects.count() == 2


def test_demo_titles_match_the_education_routines():
    assert [entry[0] for entry in demo.DEMO_VIDEOS] == TITLES


def test_seed_without_ffmpeg_skips_with_a_message(monkeypatch):
    monkeypatch.setattr(demo.media, "tools_available", lambda: False)
    messages = []
    assert demo.seed(messages.append) == []
    assert "ffmpeg/ffprobe not found" in messages[0]
