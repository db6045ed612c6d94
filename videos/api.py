"""Exercise videos as JSON for partner sites and apps: videos a public page shows, only."""

from django.http import Http404
from ninja import Path, Router

from config.api_schemas import responses
from home.params import MAX_ID

from .models import ExerciseVideo
from .schemas import VideoOut

router = Router(tags=["videos"])


@router.get("/{int:video_id}", response=responses(VideoOut, 404), summary="One public video")
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
