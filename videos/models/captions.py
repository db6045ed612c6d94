from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from videos.file_urls import absolute_url

from ..captions import MAX_CAPTION_BYTES, CaptionError, to_webvtt


class CaptionKind(models.TextChoices):
    CAPTIONS = "captions", _("Captions (speech and sounds)")
    SUBTITLES = "subtitles", _("Subtitles (translation of speech)")
    DESCRIPTIONS = "descriptions", _("Audio descriptions")


def caption_upload_to(instance, filename):
    return f"videos/captions/{filename}"


class CaptionTrack(Orderable):
    """A WebVTT file for one language; SubRip uploads are converted to WebVTT when saved."""

    video = ParentalKey("videos.ExerciseVideo", on_delete=models.CASCADE, related_name="captions")
    file = models.FileField(
        _("caption file"),
        upload_to=caption_upload_to,
        max_length=255,
        help_text=_("WebVTT (.vtt) or SubRip (.srt)."),
    )
    srclang = models.CharField(
        _("language"), max_length=16, default="en", help_text=_('A language tag such as "en".')
    )
    label = models.CharField(_("label"), max_length=64, default="English")
    kind = models.CharField(
        _("kind"), max_length=16, choices=CaptionKind.choices, default=CaptionKind.CAPTIONS
    )

    class Meta(Orderable.Meta):
        verbose_name = _("caption track")

    def __str__(self):
        return f"{self.label} ({self.srclang})"

    def clean(self):
        """Check an uploaded file cue by cue; store SubRip as WebVTT, which browsers need."""
        super().clean()
        upload = self.file
        if not upload or getattr(upload, "_committed", True):
            return
        upload.open("rb")
        try:
            data = upload.read(MAX_CAPTION_BYTES + 1)
        finally:
            upload.seek(0)
        try:
            vtt = to_webvtt(data, upload.name or "")
        except CaptionError as error:
            raise ValidationError({"file": str(error)}) from error
        stem = PurePath(upload.name or "captions").stem or "captions"
        self.file = ContentFile(vtt.encode("utf-8"), name=f"{stem}.vtt")

    def representation(self, request=None):
        return {
            "url": absolute_url(self.file.url, request),
            "srclang": self.srclang,
            "label": self.label,
            "kind": self.kind,
        }
