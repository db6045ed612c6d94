"""Demo exercise videos made with ffmpeg's own test sources, captioned and processed.

Idempotent: a video that already exists (by title) is left alone, and one whose processing
never finished is processed again. Without ffmpeg the step is skipped, saying so.
"""

import tempfile
from pathlib import Path

import ffmpeg
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.text import slugify

from . import media, tasks
from .forms import sha256_of
from .models import CaptionTrack, ExerciseVideo, VideoChapter, VideoStatus

# (title, seconds, tone in Hz, description, chapters [(title, start)], caption cues)
DEMO_VIDEOS = [
    (
        "Desk-worker neck and shoulder release",
        8,
        440,
        "Gentle neck tilts and shoulder rolls you can do at your desk.",
        [("Neck tilts", 0), ("Shoulder rolls", 4)],
        ["Sit tall and let your shoulders drop.", "Roll your shoulders slowly backwards."],
    ),
    (
        "Low-back foam-roller routine",
        8,
        330,
        "Rolling the muscles beside the spine, never the spine itself.",
        [("Set-up", 0), ("Rolling", 3)],
        ["Lie with the roller under your mid-back.", "Roll slowly; stop on a tender spot."],
    ),
    (
        "Tension-headache self-massage",
        6,
        523,
        "Temples, jaw and the base of the skull with light pressure.",
        [("Temples", 0), ("Base of the skull", 3)],
        ["Small circles on the temples.", "Press gently under the base of the skull."],
    ),
    (
        "Post-run calf and hamstring care",
        8,
        392,
        "Calf and hamstring release after a run.",
        [("Calves", 0), ("Hamstrings", 4)],
        ["Roll the calf from ankle to knee.", "Straighten the leg for the hamstring."],
    ),
    (
        "Hot-wrap relaxation routine",
        6,
        294,
        "A warm wrap on the neck and slow breathing to relax.",
        [("Wrap", 0), ("Breathing", 3)],
        ["Drape the warm wrap over your neck.", "Breathe in for four, out for six."],
    ),
]


def seed(log):
    if not media.tools_available():
        log("ffmpeg/ffprobe not found: demo videos skipped (install ffmpeg and seed again).")
        return []
    videos = []
    for title, seconds, tone, description, chapters, cues in DEMO_VIDEOS:
        video = ExerciseVideo.objects.filter(title=title).first()
        if video is None:
            video = _create(title, seconds, tone, description, transcript=" ".join(cues))
            _add_captions(video, cues, seconds)
            for order, (chapter, start) in enumerate(chapters):
                VideoChapter.objects.create(
                    video=video, title=chapter, start=start, sort_order=order
                )
            log(f"created video {title!r}")
        if video.status != VideoStatus.READY:
            tasks.enqueue_processing(video)
            video.refresh_from_db()
            log(f"processed video {title!r}: {video.get_status_display().lower()}")
        videos.append(video)
    return videos


def _create(title, seconds, tone, description, transcript):
    with tempfile.TemporaryDirectory(prefix="fascia-demo-") as workdir:
        path = Path(workdir) / "clip.mp4"
        make_test_clip(str(path), seconds, tone, title)
        probe = media.probe(str(path))
        digest = sha256_of(path)
        existing = ExerciseVideo.objects.filter(sha256=digest).first()
        if existing is not None:
            return existing
        video = ExerciseVideo(
            title=title, description=description, transcript=transcript, sha256=digest
        )
        for name, value in probe.model_fields().items():
            setattr(video, name, value)
        with open(path, "rb") as handle:
            video.file.save(f"demo-{_slug(title)}.mp4", File(handle), save=False)
        video.save()
    return video


def make_test_clip(path, seconds, tone, title=""):
    """A small 640x360 H.264/AAC clip: ffmpeg's moving test pattern and a sine tone."""
    picture = ffmpeg.input(f"testsrc2=size=640x360:rate=25:duration={seconds}", f="lavfi")
    sound = ffmpeg.input(f"sine=frequency={tone}:duration={seconds}", f="lavfi")
    output = ffmpeg.output(
        picture,
        sound,
        path,
        **{"c:v": "libx264", "preset": "ultrafast", "pix_fmt": "yuv420p", "c:a": "aac"},
        **{"b:a": "64k", "metadata": f"title={title}", "fflags": "+bitexact"},
    )
    media.run(media.compile_command(output), timeout=120)


def _add_captions(video, cues, seconds):
    step = seconds / len(cues)
    lines = ["WEBVTT", ""]
    for index, text in enumerate(cues):
        start, end = index * step, (index + 1) * step
        lines += [f"{_vtt(start)} --> {_vtt(end)}", text, ""]
    track = CaptionTrack(video=video, srclang="en", label="English", kind="captions")
    track.file.save(
        f"demo-{_slug(video.title)}.vtt", ContentFile("\n".join(lines).encode()), save=False
    )
    track.save()


def _vtt(seconds):
    minutes, secs = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{secs:06.3f}"


def _slug(title):
    return slugify(title)[:50]
