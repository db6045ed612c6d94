"""Admin forms: the upload form (every check runs before anything is stored) and the edit form."""

import hashlib
import os
import shutil
import tempfile
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.collections import collection_member_permission_formset_factory
from wagtail.models import Collection

from home.text import format_timecode

from . import media
from .models import ExerciseVideo
from .permissions import permission_policy

VIDEO_EXTENSIONS = ["mp4", "m4v", "mov", "webm", "mkv", "avi", "3gp", "mts", "m2ts", "mpg", "mpeg"]
HASH_CHUNK = 4 * 1024 * 1024


def max_upload_size():
    return getattr(settings, "VIDEO_MAX_UPLOAD_SIZE", 2 * 1024**3)


def max_duration():
    return getattr(settings, "VIDEO_MAX_DURATION", 30 * 60)


def limit_collections(form, user, permission):
    """Offer only the collections the user may use; with just one, drop the field and use it."""
    if "collection" not in form.fields or user is None:
        return
    collections = permission_policy.collections_user_has_permission_for(user, permission)
    if form.instance.pk:
        collections = collections | Collection.objects.filter(pk=form.instance.collection_id)
    choices = list(collections.distinct())
    if len(choices) == 1:
        del form.fields["collection"]
        if form.instance.pk is None:
            form.instance.collection = choices[0]
    else:
        form.fields["collection"].queryset = collections.distinct()


class VideoUploadForm(WagtailAdminModelForm):
    """Title, file and collection. The file is checked with ffprobe before it is stored."""

    class Meta:
        model = ExerciseVideo
        fields = ["title", "file", "collection", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.probe = None
        self.sha256 = ""
        extensions = ",".join(f".{ext}" for ext in VIDEO_EXTENSIONS)
        self.fields["file"].widget.attrs["accept"] = f"video/*,{extensions}"
        self.fields["file"].help_text = _(
            "MP4, MOV, WebM or MKV, up to %(size)s and %(minutes)s minutes."
        ) % {"size": filesizeformat(max_upload_size()), "minutes": max_duration() // 60}
        limit_collections(self, self.for_user, "add")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        check_size_and_name(upload)
        with _upload_path(upload) as path:
            self.sha256 = sha256_of(path)
            self.probe = check_video(path)
        upload.seek(0)
        return upload


def check_size_and_name(upload):
    if upload.size == 0:
        raise forms.ValidationError(_("The file is empty (0 bytes). Please upload it again."))
    if upload.size > max_upload_size():
        raise forms.ValidationError(
            _("This file is %(size)s; videos can be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_upload_size())}
        )
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if extension not in VIDEO_EXTENSIONS:
        raise forms.ValidationError(
            _('"%(ext)s" files are not accepted; upload a video such as MP4, MOV or WebM.')
            % {"ext": extension or _("extensionless")}
        )


class _upload_path:  # noqa: N801 - used as a context manager, reads like one
    """A path on disk for an upload: Django's temporary file, or a copy of a small in-memory one."""

    def __init__(self, upload):
        self.upload = upload
        self.copy = None

    def __enter__(self):
        if hasattr(self.upload, "temporary_file_path"):
            return self.upload.temporary_file_path()
        suffix = PurePath(self.upload.name).suffix
        handle, self.copy = tempfile.mkstemp(prefix="fascia-upload-", suffix=suffix)
        with os.fdopen(handle, "wb") as out:
            self.upload.seek(0)
            shutil.copyfileobj(self.upload, out)
        return self.copy

    def __exit__(self, *exc):
        if self.copy:
            os.unlink(self.copy)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_video(path):
    """Return ffprobe's findings, or raise a ValidationError saying what is wrong with the file."""
    try:
        probe = media.probe(path)
    except media.MediaError as error:
        raise forms.ValidationError(
            _("This file could not be read as a video; it may be damaged or not a video. (%s)")
            % error
        ) from error
    if probe.is_still_image:
        raise forms.ValidationError(
            _("This is a still image (%(codec)s), not a video.") % {"codec": probe.video_codec}
        )
    if not probe.has_video:
        if probe.has_audio:
            raise forms.ValidationError(_("This file has sound only; it has no video picture."))
        raise forms.ValidationError(_("No video stream was found in this file."))
    if not probe.duration or not probe.width or not probe.height:
        raise forms.ValidationError(_("The video has no duration or size; it may be damaged."))
    if probe.duration > max_duration():
        raise forms.ValidationError(
            _("This video is %(length)s long; videos can be at most %(limit)s.")
            % {
                "length": format_timecode(probe.duration),
                "limit": format_timecode(max_duration()),
            }
        )
    try:
        media.check_complete(path)
    except media.MediaError as error:
        raise forms.ValidationError(
            _("The file is incomplete or damaged (it may have been cut short while copying). (%s)")
            % error
        ) from error
    return probe


class VideoEditForm(WagtailAdminModelForm):
    """Details, poster, captions, chapters. Collections limited to where the user may edit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_collections(self, self.for_user, "change")
        # Chapter validation needs the video's duration; modelcluster links children on save.
        for chapter_form in self.formsets["chapters"].forms if "chapters" in self.formsets else []:
            chapter_form.instance.video = self.instance
        if "poster_time" in self.fields and self.instance.duration:
            self.fields["poster_time"].widget.attrs["max"] = round(self.instance.duration, 3)
            self.fields["poster_time"].widget.attrs["min"] = 0
            self.fields["poster_time"].widget.attrs["step"] = "0.1"

    def clean_poster_time(self):
        value = self.cleaned_data.get("poster_time")
        duration = self.instance.duration
        if value is not None and (value < 0 or (duration and value > duration)):
            raise forms.ValidationError(
                _("Choose a time between 0 and %(end)s seconds.") % {"end": round(duration or 0, 1)}
            )
        return value


def group_permission_formset():
    """Per-collection video permissions on the group edit page, as for images and documents."""
    return collection_member_permission_formset_factory(
        ExerciseVideo,
        [
            ("add_exercisevideo", _("Add"), _("Upload videos and edit the ones you uploaded")),
            ("change_exercisevideo", _("Edit"), _("Edit, reprocess and delete any video")),
            ("choose_exercisevideo", _("Choose"), _("Pick videos in choosers")),
        ],
        "videos/permissions/video_permissions_formset.html",
    )
