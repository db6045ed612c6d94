"""What partners see of a routine's video follows the video: processing finishing (written
with update(), so no post_save) and captions changing re-materialise the routines showing it."""

import json

import pytest
from django.core.files.base import ContentFile
from django.test import TestCase

from feeds.models import FeedEntry
from tests.education.factories import routine, sections
from videos import tasks
from videos.models import CaptionTrack

from .factories import VTT, make_video

pytestmark = [pytest.mark.django_db, pytest.mark.ffmpeg]


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)


def stored_video(page):
    entry = FeedEntry.objects.get(kind="routine", object_id=page.pk, is_deleted=False)
    return json.loads(entry.body)["_fascia"]["video"], entry.seq


def test_processing_and_captions_reach_the_feed(home_page, clips):
    video = make_video(clips.make("feed-events"), title="Calf raise", process=False)
    CaptionTrack.objects.create(video=video, srclang="en", label="English").file.save(
        "captions.vtt", ContentFile(VTT)
    )
    with committed():
        page = routine(sections(home_page)["routines"], title="Calves", video=video)
    assert stored_video(page)[0] is None  # still processing: no video shown yet
    with committed():
        tasks.enqueue_processing(video)
    shown, seq = stored_video(page)
    assert shown is not None and shown["sources"]
    assert [track["srclang"] for track in shown["captions"]] == ["en"]
    with committed():
        track = CaptionTrack(video=video, srclang="es", label="Español")
        track.file.save("captions-es.vtt", ContentFile(VTT), save=False)
        track.save()
    shown, later = stored_video(page)
    assert later > seq
    assert sorted(track["srclang"] for track in shown["captions"]) == ["en", "es"]
