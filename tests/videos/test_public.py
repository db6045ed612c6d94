"""What readers and partners get: player partial, VideoBlock, JSON-LD, feed shape and API."""

import json

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from home.jsonld import iso_duration
from tests.education.factories import routine, sections
from videos.blocks import VideoBlock
from videos.jsonld import video_object
from videos.models import ExerciseVideo, VideoStatus

from .factories import make_video

pytestmark = [pytest.mark.django_db, pytest.mark.ffmpeg]


@pytest.fixture
def video(clips):
    return make_video(
        clips.make("vertical-small", size="480x854", seconds=1),
        title="Neck <release>",
        description="Slow neck tilts.",
        transcript="Tilt your head to the left.\n\nNow to the right.",
        captions=True,
        chapters=[("Left", 0), ("Right", 0.5)],
    )


def render_player(video, **context):
    request = RequestFactory().get("/")
    return render_to_string(
        "videos/includes/player.html", {"video": video, "request": request, **context}
    )


def test_player_has_sources_tracks_poster_chapters_and_transcript(video):
    html = render_player(video)
    assert 'class="video-player__video" controls preload="metadata" playsinline' in html
    assert f'poster="{video.poster_rendition().url}"' in html
    sources = video.sources()
    assert [r.name for r in sources] == ["480p"]
    assert html.count("<source ") == 1 and 'type="video/mp4"' in html
    assert '<track kind="captions"' in html and 'srclang="en" label="English" default' in html
    assert "Neck &lt;release&gt;" in html, "titles are escaped"
    assert 'data-video-seek="0.500"' in html and "0:00" in html
    assert '<details class="video-player__transcript"' in html
    assert "<p>Tilt your head to the left.</p>" in html
    assert "<script>" not in html and "style=" not in html, "nothing the CSP would block"
    assert 'src="/static/videos/player.js"' in html


def test_player_uses_chapters_given_by_the_page(video):
    html = render_player(video, chapters=[{"title": "Step 1: tilt", "start": 0.2, "end": 0.9}])
    assert "Step 1: tilt" in html and "Left" not in html


def test_player_renders_nothing_until_the_video_is_ready(video):
    ExerciseVideo.objects.filter(pk=video.pk).update(status=VideoStatus.PROCESSING)
    video.refresh_from_db()
    assert render_player(video).strip() == ""


def test_video_block_renders_the_player_and_its_api_shape(video):
    block = VideoBlock()
    value = block.to_python({"video": video.pk, "caption": "Try it slowly"})
    html = block.render(value)
    assert "<video" in html and "Try it slowly" in html
    api = block.get_api_representation(value)
    assert api["video"]["id"] == video.pk and api["caption"] == "Try it slowly"


def test_feed_representation_shape(site, video):
    # URLs are absolute on the default Site's root URL (home/site_urls.py), whatever the host.
    data = video.feed_representation()
    assert set(data) >= {"sources", "poster", "captions", "duration", "transcript", "chapters"}
    source = data["sources"][0]
    assert source["url"].startswith("http://testserver/media/videos/renditions/")
    assert source["type"] == "video/mp4"
    assert (source["width"], source["height"]) == (480, 854) and source["bitrate"] > 0
    assert data["captions"] == [
        {
            "url": video.captions.get().file.url.replace("/media", "http://testserver/media", 1),
            "srclang": "en",
            "label": "English",
            "kind": "captions",
        }
    ]
    assert data["chapters"][0] == {"title": "Left", "start": 0.0, "end": 0.5}
    assert data["poster"]["url"].startswith("http://testserver/media/images/")
    assert abs(data["duration"] - 1.0) < 0.1


def test_jsonld_video_object(video):
    data = video_object(video, chapters=[{"title": "Tilt", "start": 0, "end": 1}])
    assert data["@type"] == "VideoObject" and data["name"] == "Neck <release>"
    assert data["duration"] == iso_duration(video.duration)
    assert data["thumbnailUrl"][0].startswith("http://")
    assert data["contentUrl"].endswith(".mp4")
    assert data["uploadDate"].startswith(str(video.created_at.year))
    assert data["hasPart"] == [{"@type": "Clip", "name": "Tilt", "startOffset": 0, "endOffset": 1}]
    json.dumps(data)


def test_text_alternative_needs_captions_or_transcript(video, clips):
    assert video.has_text_alternative
    bare = make_video(clips.make("bare"), title="Bare", process=False)
    assert not bare.has_text_alternative
    bare.transcript = "Roll slowly."
    assert bare.has_text_alternative


def test_api_returns_ready_videos_only(
    client, home_page, video, clips, django_assert_max_num_queries
):
    # Served only while a public page shows it (tests/videos/test_public_videos.py).
    routines = sections(home_page)["routines"]
    routine(routines, title="Neck release", video=video)
    client.get(f"/api/v1/videos/{video.pk}")  # publishing emptied the cached list of sites
    with django_assert_max_num_queries(5):
        response = client.get(f"/api/v1/videos/{video.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Neck <release>" and body["sources"][0]["type"] == "video/mp4"
    busy = make_video(clips.make("busy-api"), title="Busy", process=False)
    busy.transcript = "Roll your shoulders."  # so the routine may publish while it processes
    busy.save()
    routine(routines, title="Busy routine", video=busy)
    assert client.get(f"/api/v1/videos/{busy.pk}").status_code == 404
    assert client.get("/api/v1/videos/999999").status_code == 404
