"""Uploads through the admin of awkward real-world inputs; every rendition read back by ffprobe."""

import pytest

from videos.models import ExerciseVideo, VideoStatus

from .probe_checks import assert_web_ready, ffprobe

pytestmark = [pytest.mark.django_db, pytest.mark.ffmpeg]


def source_duration(path):
    return float(ffprobe(path)["format"]["duration"])


def upload_and_process(upload, path):
    response = upload(path)
    assert response.status_code == 302, response.content.decode()[:2000]
    video = ExerciseVideo.objects.get()
    assert video.status == VideoStatus.READY, video.failure_reason
    return video


def check_renditions(video, path, expected, audio=True, display=None):
    renditions = {r.name: r for r in video.renditions.all()}
    assert sorted(renditions) == sorted(expected)
    duration = source_duration(path)
    width, height = display
    for name, (exp_width, exp_height) in expected.items():
        rendition = renditions[name]
        stream = assert_web_ready(rendition.file.path, duration, width, height, audio)
        assert (stream["width"], stream["height"]) == (exp_width, exp_height)
        assert (rendition.width, rendition.height) == (exp_width, exp_height)
        # Aspect ratio kept (within the rounding to even numbers).
        assert abs(exp_width / exp_height - width / height) < 0.02


def test_odd_dimensions_get_one_even_rendition_never_upscaled(upload, clips):
    path = clips.make("odd", size="641x361")
    video = upload_and_process(upload, path)
    assert (video.width, video.height) == (641, 361)
    check_renditions(video, path, {"360p": (640, 360)}, display=(641, 361))


def test_clip_without_audio_has_silent_renditions(upload, clips):
    path = clips.make("silent", audio=False)
    video = upload_and_process(upload, path)
    assert video.has_audio is False
    check_renditions(video, path, {"180p": (320, 180)}, audio=False, display=(320, 180))


def test_vertical_video_gets_720p_and_480p_by_its_short_side(upload, clips):
    path = clips.make("vertical", size="720x1280", seconds=0.5)
    video = upload_and_process(upload, path)
    check_renditions(video, path, {"720p": (720, 1280), "480p": (480, 854)}, display=(720, 1280))


def test_phone_rotation_is_applied_so_renditions_play_upright(upload, clips):
    path = clips.rotated()
    video = upload_and_process(upload, path)
    assert video.rotation in (90, 270)
    assert (video.display_width, video.display_height) == (180, 320)
    check_renditions(video, path, {"180p": (180, 320)}, display=(180, 320))
    poster = video.poster
    assert poster.height > poster.width, "the poster is upright too"


def test_ten_bit_input_becomes_8_bit_yuv420p(upload, clips):
    path = clips.make("tenbit", extra=("-pix_fmt", "yuv420p10le"), audio=False)
    assert ffprobe(path)["streams"][0]["pix_fmt"] == "yuv420p10le"
    video = upload_and_process(upload, path)
    check_renditions(video, path, {"180p": (320, 180)}, audio=False, display=(320, 180))


def test_variable_frame_rate_keeps_duration(upload, clips):
    path = clips.vfr()
    video = upload_and_process(upload, path)
    check_renditions(video, path, {"180p": (320, 180)}, audio=False, display=(320, 180))
