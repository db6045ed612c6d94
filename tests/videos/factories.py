"""A processed video made directly (no admin request), for tests that are not about uploading."""

from pathlib import Path

from django.core.files.base import ContentFile

from videos import media, tasks
from videos.forms import sha256_of
from videos.models import CaptionTrack, ExerciseVideo, VideoChapter

VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:00.500\nRoll your shoulders.\n"


def make_video(path, title="Shoulder rolls", process=True, captions=False, chapters=(), **extra):
    probe = media.probe(str(path))
    video = ExerciseVideo(title=title, sha256=sha256_of(path), **extra)
    for name, value in probe.model_fields().items():
        setattr(video, name, value)
    video.file.save(Path(path).name, ContentFile(Path(path).read_bytes()), save=False)
    video.save()
    if captions:
        track = CaptionTrack(video=video, srclang="en", label="English")
        track.file.save("captions.vtt", ContentFile(VTT), save=False)
        track.save()
    for order, (chapter_title, start) in enumerate(chapters):
        VideoChapter.objects.create(video=video, title=chapter_title, start=start, sort_order=order)
    if process:
        tasks.enqueue_processing(video)
        video.refresh_from_db()
    return video
