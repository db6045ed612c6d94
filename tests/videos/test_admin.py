"""The videos admin: listing, edit with captions and chapters, reprocess, permissions, chooser."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from videos.models import ExerciseVideo, VideoStatus

from .factories import make_video

pytestmark = [pytest.mark.django_db, pytest.mark.ffmpeg]


@pytest.fixture
def video(clips):
    return make_video(clips.make("small"), title="Calf release")


def edit_data(video, captions=(), chapters=(), **fields):
    data = {
        "title": video.title,
        "description": "",
        "collection": video.collection_id,
        "poster": video.poster_id or "",
        "poster_time": "",
        "transcript": "",
        "captions": inline_formset(list(captions)),
        "chapters": inline_formset(list(chapters)),
        **fields,
    }
    return nested_form_data(data)


def caption(name, content, srclang="en", label="English"):
    upload = SimpleUploadedFile(name, content, "text/vtt")
    return {"file": upload, "srclang": srclang, "label": label, "kind": "captions"}


def post_edit(client, video, **kwargs):
    return client.post(reverse("exercise_videos:edit", args=[video.pk]), edit_data(video, **kwargs))


def test_listing_shows_status_duration_poster_and_progress(admin_client, video, clips):
    busy = make_video(clips.make("busy"), title="Still encoding", process=False)
    ExerciseVideo.objects.filter(pk=busy.pk).update(status=VideoStatus.PROCESSING, progress=42)
    failed = make_video(clips.make("failed"), title="Broken", process=False)
    ExerciseVideo.objects.filter(pk=failed.pk).update(
        status=VideoStatus.FAILED, failure_reason="ffmpeg failed: moov atom not found"
    )
    response = admin_client.get(reverse("exercise_videos:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Calf release" in html and "Ready" in html and "0:01" in html
    assert f'src="{video.poster.get_rendition("fill-112x63").url}"' in html
    assert '<progress max="100" value="42"' in html
    assert "moov atom not found" in html
    status = admin_client.get(reverse("exercise_videos:status"), {"id": [busy.pk]}).json()
    assert status["videos"][0]["progress"] == 42 and status["videos"][0]["busy"] is True


def test_webvtt_caption_is_stored_and_srt_is_converted(admin_client, video):
    vtt = b"WEBVTT\n\n00:00:00.000 --> 00:00:00.800\nRoll the calf.\n"
    srt = b"1\r\n00:00:00,000 --> 00:00:00,800\r\nRueda la pantorrilla.\r\n"
    response = post_edit(
        admin_client,
        video,
        captions=[caption("en.vtt", vtt), caption("es.srt", srt, "es", "Espanol")],
    )
    assert response.status_code == 302, response.context["form"].errors
    tracks = {track.srclang: track for track in video.captions.all()}
    assert tracks["es"].file.name.endswith(".vtt")
    converted = tracks["es"].file.read().decode()
    assert converted.startswith("WEBVTT") and "00:00:00.000 --> 00:00:00.800" in converted
    video.refresh_from_db()
    assert video.has_text_alternative


def test_bad_cue_timing_is_a_form_error_naming_the_line(admin_client, video):
    bad = b"WEBVTT\n\n00:00:00.000 --> 00:00:00.800\nOne.\n\n00:00:01.000 -> 00:00:02.000\nTwo.\n"
    response = post_edit(admin_client, video, captions=[caption("en.vtt", bad)])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Line 6:" in html and "not a valid cue timing" in html
    assert not video.captions.exists()


def test_chapters_are_saved_and_must_fall_inside_the_video(admin_client, video):
    response = post_edit(
        admin_client,
        video,
        chapters=[{"title": "Warm up", "start": 0}, {"title": "Late", "start": 5}],
    )
    assert response.status_code == 200
    assert "The video is only 1.0 long" in response.content.decode()
    response = post_edit(
        admin_client,
        video,
        chapters=[{"title": "Warm up", "start": 0}, {"title": "Roll", "start": 0.5}],
        transcript="Roll the calf slowly.",
    )
    assert response.status_code == 302
    assert video.chapter_list() == [
        {"title": "Warm up", "start": 0.0, "end": 0.5},
        {"title": "Roll", "start": 0.5, "end": video.duration},
    ]


def test_changing_the_poster_timecode_takes_a_new_frame(
    admin_client, video, django_capture_on_commit_callbacks
):
    old_poster = video.poster_id
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(admin_client, video, poster_time="0.6")
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.poster_id not in (None, old_poster) and video.poster_generated


def test_reprocess_asks_first_then_runs_again(
    admin_client, video, django_capture_on_commit_callbacks
):
    url = reverse("exercise_videos:reprocess", args=[video.pk])
    confirm = admin_client.get(url)
    assert confirm.status_code == 200 and "Yes, reprocess" in confirm.content.decode()
    old = video.renditions.get().pk
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.status == VideoStatus.READY and video.renditions.get().pk != old


def editor_in(collection, *actions):
    group = Group.objects.create(name=f"Video editors {collection.name}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for action in actions:
        GroupCollectionPermission.objects.create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(codename=f"{action}_exercisevideo"),
        )
    user = get_user_model().objects.create_user("editor", password="pw")
    user.groups.add(group)
    return user


def denied(response):
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    if response.status_code == 302:
        return response.url == "/admin/"
    return response.status_code == 403


def test_collection_permissions_limit_what_an_editor_sees_and_edits(client, video, clips):
    root = Collection.get_first_root_node()
    clinic = root.add_child(name="Clinic A")
    theirs = make_video(clips.make("other"), title="Clinic A video", collection=clinic)
    client.force_login(editor_in(clinic, "add", "change", "choose"))
    listing = client.get(reverse("exercise_videos:index")).content.decode()
    assert "Clinic A video" in listing and "Calf release" not in listing
    assert client.get(reverse("exercise_videos:edit", args=[theirs.pk])).status_code == 200
    assert denied(client.get(reverse("exercise_videos:edit", args=[video.pk])))
    assert denied(client.post(reverse("exercise_videos:reprocess", args=[video.pk])))
    assert video.renditions.exists(), "nothing was reprocessed"
    chooser = client.get(reverse("video_chooser:choose")).content.decode()
    assert "Clinic A video" in chooser and "Calf release" not in chooser


def test_editor_without_video_permissions_cannot_upload(client):
    client.force_login(editor_in(Collection.get_first_root_node()))
    assert denied(client.get(reverse("exercise_videos:add")))


def test_an_editor_with_one_collection_uploads_into_it(client, clinic_editor, upload, clips):
    user, clinic = clinic_editor
    client.force_login(user)
    form = client.get(reverse("exercise_videos:add")).context["form"]
    assert "collection" not in form.fields, "no choice to make, so no field"
    response = upload(clips.make("clinic-upload"), client=client)
    assert response.status_code == 302
    video = ExerciseVideo.objects.get()
    assert video.collection == clinic and video.uploaded_by_user == user
    # "add" alone lets an editor change their own uploads, as with Wagtail images.
    assert client.get(reverse("exercise_videos:edit", args=[video.pk])).status_code == 200


@pytest.fixture
def clinic_editor():
    clinic = Collection.get_first_root_node().add_child(name="Clinic B")
    return editor_in(clinic, "add"), clinic


def test_removing_the_poster_makes_a_new_one_from_the_video(
    admin_client, video, django_capture_on_commit_callbacks
):
    old_poster = video.poster_id
    with django_capture_on_commit_callbacks(execute=True):
        data = edit_data(video)
        data["poster"] = ""
        response = admin_client.post(reverse("exercise_videos:edit", args=[video.pk]), data)
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.poster_id not in (None, old_poster) and video.poster_generated
    assert not get_image_model().objects.filter(pk=old_poster).exists()


def test_group_page_sets_video_permissions_per_collection(admin_client):
    group = Group.objects.create(name="Clinic editors")
    html = admin_client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    assert "Exercise video permissions" in html


def test_deleting_a_collection_says_it_holds_videos(admin_client, clips):
    clinic = Collection.get_first_root_node().add_child(name="Clinic C")
    make_video(clips.make("in-clinic"), title="Clinic C video", collection=clinic, process=False)
    html = admin_client.get(
        reverse("wagtailadmin_collections:delete", args=[clinic.pk])
    ).content.decode()
    assert "1 video" in html
