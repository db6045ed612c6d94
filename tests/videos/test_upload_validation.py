"""Bad uploads get a clear form error and store nothing; identical files are stored once."""

import pytest

from videos.models import ExerciseVideo

pytestmark = [pytest.mark.django_db, pytest.mark.ffmpeg]


def file_errors(response):
    assert response.status_code == 200, "a bad upload re-renders the form"
    return " ".join(response.context["form"].errors.get("file", []))


def test_truncated_file_is_refused(upload, clips):
    errors = file_errors(upload(clips.truncated()))
    assert "incomplete or damaged" in errors
    assert ExerciseVideo.objects.count() == 0


def test_image_renamed_mp4_is_refused(upload, clips):
    assert "still image" in file_errors(upload(clips.png_named_mp4()))


def test_text_file_renamed_mp4_is_refused(upload, tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("Remember to stretch the calves.\n" * 20)
    assert "could not be read as a video" in file_errors(upload(path))


def test_zero_length_file_is_refused(upload, tmp_path):
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    errors = upload(path).context["form"].errors["file"]
    # Django's own FileField check for empty files speaks first; either way the editor is told.
    assert any("empty" in error for error in errors)


def test_audio_only_file_is_refused(upload, clips):
    assert "sound only" in file_errors(upload(clips.audio_only()))


def test_size_limit_comes_from_settings(upload, clips, settings):
    settings.VIDEO_MAX_UPLOAD_SIZE = 1000
    assert "at most 1000" in file_errors(upload(clips.make("small")))


def test_duration_limit_comes_from_settings(upload, clips, settings):
    settings.VIDEO_MAX_DURATION = 0.5
    assert "at most 0:00" in file_errors(upload(clips.make("small")))


def test_unknown_extension_is_refused(upload, clips):
    assert '"exe" files are not accepted' in file_errors(upload(clips.make("small"), name="a.exe"))


def test_identical_upload_is_reused_not_stored_twice(upload, clips, media_root):
    path = clips.make("small")
    first = upload(path, title="First")
    assert first.status_code == 302
    second = upload(path, title="Second")
    video = ExerciseVideo.objects.get()
    assert video.title == "First"
    assert second.status_code == 302 and second.url.endswith(f"/edit/{video.pk}/")
    originals = list((media_root / "videos" / "originals").iterdir())
    assert len(originals) == 1
