"""Education pages with everything a feed item can carry (video, poster, renditions, captions,
tags, relations), shared by the schema and feed source tests."""

from django.core.files.base import ContentFile
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from education.models import Reviewer
from tests.education import factories
from videos.models import CaptionTrack, ExerciseVideo, VideoChapter, VideoRendition

VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nRoll your shoulders.\n"


def poster_image(title="Poster"):
    return Image.objects.create(title=title, file=get_test_image_file(f"{title.lower()}.png"))


def captioned_video(title="Neck video"):
    """A ready video with a poster, two renditions, an English caption track and a chapter,
    made directly (no ffmpeg): the rows are what the feed reads."""
    video = ExerciseVideo.objects.create(
        title=title,
        description="Follow along.",
        file="videos/originals/neck.mp4",
        status="ready",
        duration=120.0,
        width=1280,
        height=720,
        poster=poster_image(),
    )
    for name, width, height, size in (("720p", 1280, 720, 4_000_000), ("360p", 640, 360, 900_000)):
        VideoRendition.objects.create(
            video=video,
            name=name,
            file=f"videos/renditions/neck-{name}.mp4",
            width=width,
            height=height,
            bitrate=2_000_000,
            file_size=size,
        )
    track = CaptionTrack(video=video, srclang="en", label="English")
    track.file.save("neck.vtt", ContentFile(VTT), save=False)
    track.save()
    VideoChapter.objects.create(video=video, title="Warm up", start=0, sort_order=0)
    return video


def full_routine(sections, taxonomy, modality=None, **extra):
    """A routine with a shown video, every relation, a tag and a reviewer."""
    steps = extra.pop("steps", None) or [
        factories.step("Shoulder rolls", start=0, end=40),
        factories.step("Chin tucks", seconds=None, reps=10, sets=2, start=40),
    ]
    page = factories.routine(
        sections["routines"],
        steps=steps,
        video=captioned_video(),
        reviewer=Reviewer.objects.get_or_create(name="Dana Lee", credentials="DPT")[0],
        body_areas=[taxonomy["neck"]],
        conditions=[taxonomy["neck_pain"]],
        equipment=[taxonomy["roller"]],
        related_modalities=[modality] if modality else [],
        contraindications='<p>Not after <a href="/guides/getting-ready/">surgery</a>.</p>',
        **extra,
    )
    page.tags.add("desk")
    page.save_revision().publish()
    return page
