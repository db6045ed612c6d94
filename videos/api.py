"""Exercise videos as JSON for partner sites and apps: videos a public page shows, only."""

from django.http import Http404
from ninja import Path, Router, Schema

from home.params import MAX_ID

from .models import ExerciseVideo

router = Router(tags=["videos"])


class SourceOut(Schema):
    url: str
    type: str
    width: int
    height: int
    bitrate: int | None


class PosterOut(Schema):
    url: str
    width: int
    height: int


class CaptionOut(Schema):
    url: str
    srclang: str
    label: str
    kind: str


class ChapterOut(Schema):
    title: str
    start: float
    end: float | None


class VideoOut(Schema):
    id: int
    title: str
    description: str
    duration: float | None
    width: int | None
    height: int | None
    poster: PosterOut | None
    sources: list[SourceOut]
    captions: list[CaptionOut]
    transcript: str
    chapters: list[ChapterOut]


@router.get("/{int:video_id}", response=VideoOut, summary="One public video")
def video_detail(request, video_id: int = Path(..., ge=1, le=MAX_ID)):
    """Sources largest first, poster, caption tracks, transcript and chapters.
    A video is served while it is ready and a public page shows it; any other id (still
    processing, failed, used only by a draft or private page, or missing) is the same 404."""
    video = (
        ExerciseVideo.objects.public()
        .select_related("poster")
        .prefetch_related("renditions", "captions", "chapters", "poster__renditions")
        .filter(pk=video_id)
    ).first()
    if video is None:
        raise Http404("No public video with this id.")
    return video.feed_representation(request)
