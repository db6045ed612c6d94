"""The processing steps behind the background tasks: poster first, then renditions.

Every step is safe to run twice (it does only what is missing), removes its temporary files
whatever happens, and talks to media storage only through the storage API, so S3 works the
same as the local disk. A failure keeps the original and records why.
"""

import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePath

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model

from . import events, media
from .models import ExerciseVideo, VideoRendition, VideoStatus
from .models.video import POSTER_SPEC

logger = logging.getLogger(__name__)
COPY_CHUNK = 8 * 1024 * 1024


@contextmanager
def workspace():
    path = tempfile.mkdtemp(prefix="fascia-video-")
    try:
        yield Path(path)
    finally:
        shutil.rmtree(path, ignore_errors=True)


def local_source(fieldfile, workdir):
    """A path ffmpeg can read: the file itself on local disk, otherwise a temporary copy."""
    try:
        path = fieldfile.storage.path(fieldfile.name)
    except NotImplementedError:
        path = None
    if path and os.path.exists(path):
        return path
    copy = workdir / ("source" + PurePath(fieldfile.name).suffix.lower())
    with fieldfile.storage.open(fieldfile.name, "rb") as src, open(copy, "wb") as dst:
        shutil.copyfileobj(src, dst, COPY_CHUNK)
    return str(copy)


def _update(video_id, **fields):
    ExerciseVideo.objects.filter(pk=video_id).update(**fields)


def mark_failed(video_id, reason):
    logger.warning("video %s failed: %s", video_id, reason)
    _update(video_id, status=VideoStatus.FAILED, failure_reason=reason[:4000], processing_step="")
    events.send(video_id)


def ensure_probed(video, source):
    if video.duration is not None and video.width:
        return
    probe = media.probe(source)
    if not probe.has_video:
        raise media.MediaError("ffprobe found no video stream in this file.")
    for name, value in probe.model_fields().items():
        setattr(video, name, value)
    video.save(update_fields=list(probe.model_fields()))


def _file_stem(video):
    return f"{video.pk}-{slugify(video.title)[:60] or 'video'}"


# -- poster -------------------------------------------------------------------------------------


def poster_step(video_id):
    """Make the poster from a representative frame (or the editor's timecode) if it has none."""
    video = ExerciseVideo.objects.filter(pk=video_id).first()
    if video is None or video.poster_id:
        return False
    if video.status != VideoStatus.READY:
        _update(video_id, status=VideoStatus.PROCESSING, processing_step="poster", progress=0)
    try:
        with workspace() as workdir:
            source = local_source(video.file, workdir)
            ensure_probed(video, source)
            jpeg = _extract_poster(video, source, workdir)
            image = _save_poster_image(video, jpeg)
    except (media.MediaError, OSError) as error:
        mark_failed(video_id, f"Poster: {error}")
        return False
    # Another run may have set a poster meanwhile: keep theirs and drop ours.
    if not ExerciseVideo.objects.filter(pk=video_id, poster__isnull=True).update(
        poster=image, poster_generated=True
    ):
        image.delete()
        return False
    events.send(video_id)
    return True


def poster_seconds(video):
    duration = video.duration or 0
    if video.poster_time is not None:
        return min(max(0.0, video.poster_time), max(0.0, duration - 0.05)), True
    # A quarter in usually shows the exercise itself rather than a title or an empty room.
    return min(duration * 0.25, 30.0), False


def _extract_poster(video, source, workdir):
    output = workdir / "poster.jpg"
    at, exact = poster_seconds(video)
    media.run(media.poster_command(source, str(output), at, exact), timeout=120)
    if not output.exists() or output.stat().st_size == 0:
        # Seeking lands past the last frame in some files: take the first frame instead.
        media.run(media.poster_command(source, str(output), 0, True), timeout=120)
    if not output.exists() or output.stat().st_size == 0:
        raise media.MediaError("ffmpeg could not read any frame for the poster.")
    return output


def _save_poster_image(video, jpeg):
    Image = get_image_model()
    image = Image(
        title=f"{video.title} (video poster)"[:255],
        collection_id=video.collection_id,
        uploaded_by_user_id=video.uploaded_by_user_id,
    )
    with open(jpeg, "rb") as handle:
        image.file.save(f"{_file_stem(video)}-poster.jpg", File(handle), save=False)
        image._set_image_file_metadata()
        image.save()
    image.get_rendition(POSTER_SPEC)
    return image


# -- renditions ---------------------------------------------------------------------------------


def renditions_step(video_id):
    """Encode the renditions the video lacks, then mark it ready."""
    video = ExerciseVideo.objects.filter(pk=video_id).first()
    if video is None or video.status == VideoStatus.FAILED:
        return False
    try:
        with workspace() as workdir:
            source = local_source(video.file, workdir)
            ensure_probed(video, source)
            targets = media.rendition_targets(*_display_size(video))
            _drop_stale(video, targets)
            done = set(video.renditions.values_list("name", flat=True))
            missing = [target for target in targets if target.name not in done]
            if missing:
                _encode(video, source, missing, workdir)
    except (media.MediaError, OSError) as error:
        mark_failed(video_id, f"Renditions: {error}")
        return False
    _update(
        video_id,
        status=VideoStatus.READY,
        failure_reason="",
        processing_step="",
        progress=100,
        processed_at=timezone.now(),
    )
    events.send(video_id)
    return True


def _display_size(video):
    probe = media.Probe(width=video.width, height=video.height, rotation=video.rotation)
    return probe.display_size


def _drop_stale(video, targets):
    wanted = {target.name for target in targets}
    for rendition in video.renditions.exclude(name__in=wanted):
        rendition.delete()


def _encode(video, source, targets, workdir):
    _update(video.pk, status=VideoStatus.PROCESSING, processing_step="renditions", progress=0)
    outputs = [(target, str(workdir / f"{target.name}.mp4")) for target in targets]
    args = media.renditions_command(source, outputs, video.has_audio)
    duration = video.duration or 0

    def report(seconds):
        if duration:
            _update(video.pk, progress=min(99, int(100 * seconds / duration)))

    media.run(args, on_progress=report)
    for target, path in outputs:
        _store_rendition(video, target, path)


def _store_rendition(video, target, path):
    probe = media.probe(path)
    rendition = VideoRendition(
        video=video,
        name=target.name,
        width=probe.width,
        height=probe.height,
        bitrate=probe.bitrate,
        file_size=probe.size,
    )
    with open(path, "rb") as handle:
        rendition.file.save(f"{_file_stem(video)}-{target.name}.mp4", File(handle), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        # A concurrent run stored this rendition first; ours is surplus.
        rendition.file.delete(save=False)
        if not VideoRendition.objects.filter(video=video, name=target.name).exists():
            raise


# -- starting over ------------------------------------------------------------------------------


def reset_for_reprocessing(video):
    """Forget the generated poster and every rendition so the tasks make them again."""
    with transaction.atomic():
        for rendition in video.renditions.all():
            rendition.delete()
        if video.poster_generated and video.poster_id:
            poster = video.poster
            video.poster = None
            video.save(update_fields=["poster"])
            poster.delete()
        ExerciseVideo.objects.filter(pk=video.pk).update(
            status=VideoStatus.UPLOADED,
            failure_reason="",
            processing_step="",
            progress=0,
            processed_at=None,
        )
        events.send(video.pk)


def clear_generated_poster(video):
    """Called when the editor changes the poster timecode: the next poster step redoes it."""
    if video.poster_generated and video.poster_id:
        poster = video.poster
        ExerciseVideo.objects.filter(pk=video.pk).update(poster=None, poster_generated=False)
        poster.delete()
        video.poster = None
        video.poster_generated = False
