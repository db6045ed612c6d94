"""The background steps: poster first, idempotent, failures recorded, any storage, no leftovers."""

import tempfile
from pathlib import Path

import pytest
from wagtail.images import get_image_model

from videos import media, processing, tasks
from videos.models import ExerciseVideo, VideoRendition, VideoStatus

from .factories import make_video

pytestmark = [pytest.mark.django_db, pytest.mark.ffmpeg]


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Temporary files go to a directory of this test's own, so other processes cannot interfere."""
    path = tmp_path / "tmp"
    path.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(path))
    return path


def leftovers(path):
    return sorted(path.iterdir())


def test_poster_is_made_before_any_rendition(clips, private_tmp):
    video = make_video(clips.make("small"), process=False)
    assert processing.poster_step(video.pk) is True
    video.refresh_from_db()
    assert video.poster is not None and video.poster_generated
    assert video.poster.width == 320 and video.poster.collection_id == video.collection_id
    assert video.status == VideoStatus.PROCESSING
    assert not video.renditions.exists()
    assert leftovers(private_tmp) == [], "temporary files are removed"


def test_running_the_tasks_twice_changes_nothing(clips, media_root):
    video = make_video(clips.make("small"))
    assert video.status == VideoStatus.READY and video.progress == 100
    files = sorted(p.name for p in media_root.rglob("*") if p.is_file())
    images = get_image_model().objects.count()
    tasks.enqueue_processing(video)
    video.refresh_from_db()
    assert video.status == VideoStatus.READY
    assert VideoRendition.objects.count() == 1
    assert get_image_model().objects.count() == images
    assert sorted(p.name for p in media_root.rglob("*") if p.is_file()) == files


def test_failure_keeps_the_original_and_records_why(clips, private_tmp):
    video = make_video(clips.make("small"), process=False)
    # The stored original gets damaged after upload (e.g. a bad copy between buckets).
    Path(video.file.path).write_bytes(b"not a video any more")
    tasks.enqueue_processing(video)
    video.refresh_from_db()
    assert video.status == VideoStatus.FAILED
    assert video.failure_reason.startswith("Poster: ffmpeg failed")
    assert Path(video.file.path).exists()
    assert leftovers(private_tmp) == []


def test_reprocess_makes_everything_again_and_keeps_a_chosen_poster(clips):
    video = make_video(clips.make("small"))
    old_rendition = video.renditions.get()
    old_poster = video.poster_id
    tasks.reprocess(video)
    video.refresh_from_db()
    assert video.status == VideoStatus.READY
    assert video.renditions.get().pk != old_rendition.pk
    assert video.poster_id != old_poster
    assert not get_image_model().objects.filter(pk=old_poster).exists()
    # An editor's own image is not thrown away by reprocessing.
    ExerciseVideo.objects.filter(pk=video.pk).update(poster_generated=False)
    video.refresh_from_db()
    tasks.reprocess(video)
    video.refresh_from_db()
    assert video.poster_id is not None and not video.poster_generated


def test_works_with_storage_that_is_not_the_local_disk(clips, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    video = make_video(clips.make("small"))
    assert video.status == VideoStatus.READY, video.failure_reason
    rendition = video.renditions.get()
    # Nothing on disk: the original was read and the rendition written through the storage API.
    assert not Path(video.file.path).exists() and not Path(rendition.file.path).exists()
    with rendition.file.open("rb") as handle:
        assert handle.read(12)[4:8] == b"ftyp"
    assert video.poster.file.size > 1000


def test_progress_is_reported_from_ffmpeg(clips, monkeypatch):
    seen = []
    original = processing._update

    def record(video_id, **fields):
        if "progress" in fields:
            seen.append(fields["progress"])
        original(video_id, **fields)

    monkeypatch.setattr(processing, "_update", record)
    make_video(clips.make("two-seconds", seconds=2))
    assert seen[-1] == 100
    assert all(0 <= value <= 100 for value in seen)


def test_a_command_that_runs_too_long_is_stopped():
    with pytest.raises(media.MediaError, match="longer than 1 seconds"):
        media.run(["sleep", "5"], timeout=1)


def test_poster_timecode_chosen_by_the_editor(clips):
    video = make_video(clips.make("two-seconds", seconds=2), poster_time=1.5)
    assert processing.poster_seconds(video) == (1.5, True)
    assert video.poster is not None


def test_deleting_a_video_removes_its_files_and_generated_poster(
    clips, django_capture_on_commit_callbacks
):
    video = make_video(clips.make("to-delete"), captions=True)
    paths = [Path(video.file.path), Path(video.renditions.get().file.path)]
    paths.append(Path(video.captions.get().file.path))
    poster_id = video.poster_id
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
    assert not any(path.exists() for path in paths)
    assert not get_image_model().objects.filter(pk=poster_id).exists()
