from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.models import CollectionMember
from wagtail.search import index

from home.public_media import referenced_by_public_pages
from home.text import format_timecode
from videos.file_urls import absolute_url
from videos.jsonld import video_object

# The poster size used by the player, feeds and JSON-LD; made with the poster so no reader waits.
POSTER_SPEC = "max-1280x1280|format-jpeg"


class VideoStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def original_upload_to(instance, filename):
    return f"videos/originals/{filename}"


class ExerciseVideoQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(status=VideoStatus.READY)

    def public(self, now=None):
        """Ready, and shown by at least one public page (live, in its go-live/expiry window,
        no view restriction): a routine's video, or a video block on any page. A video only a
        draft, a private or an expired page uses is not served, whatever its status.

        Every place that serves a video on its own (the API, feeds) starts here; a public page
        that embeds its video already passed the page rule itself.
        """
        return self.ready().filter(referenced_by_public_pages(self.model, now))


class ExerciseVideo(CollectionMember, index.Indexed, ClusterableModel):
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(
        _("description"), blank=True, help_text=_("One or two sentences for search results.")
    )
    file = models.FileField(_("video file"), upload_to=original_upload_to, max_length=255)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        max_length=16, choices=VideoStatus.choices, default=VideoStatus.UPLOADED, editable=False
    )
    failure_reason = models.TextField(blank=True, editable=False)
    # Percent of the current step done, from ffmpeg's -progress output.
    progress = models.PositiveSmallIntegerField(default=0, editable=False)
    processing_step = models.CharField(max_length=32, blank=True, editable=False)

    # Probed from the original by ffprobe.
    duration = models.FloatField(null=True, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    rotation = models.SmallIntegerField(default=0, editable=False)
    frame_rate = models.FloatField(null=True, blank=True, editable=False)
    video_codec = models.CharField(max_length=32, blank=True, editable=False)
    audio_codec = models.CharField(max_length=32, blank=True, editable=False)
    has_audio = models.BooleanField(default=False, editable=False)
    bitrate = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    container = models.CharField(max_length=64, blank=True, editable=False)

    poster = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("poster"),
    )
    # True when we made the poster from a frame (and may replace it); False for an editor's image.
    poster_generated = models.BooleanField(default=False, editable=False)
    poster_time = models.FloatField(
        _("poster timecode"),
        null=True,
        blank=True,
        help_text=_("Seconds into the video for the poster frame; empty picks one for you."),
    )
    transcript = models.TextField(
        _("transcript"),
        blank=True,
        help_text=_("Everything said and shown, for people who cannot hear or watch the video."),
    )

    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True, editable=False)
    uploaded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    objects = ExerciseVideoQuerySet.as_manager()

    search_fields = CollectionMember.search_fields + [
        index.SearchField("title", boost=10),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("transcript"),
        index.FilterField("status"),
        index.FilterField("uploaded_by_user"),
    ]

    class Meta:
        verbose_name = _("exercise video")
        verbose_name_plural = _("exercise videos")
        ordering = ["-created_at", "-pk"]
        permissions = [("choose_exercisevideo", "Can choose exercise video")]
        constraints = [
            # An identical upload is reused instead of stored twice.
            models.UniqueConstraint(
                fields=["sha256"], condition=~Q(sha256=""), name="videos_unique_sha256"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_ready(self):
        return self.status == VideoStatus.READY

    @property
    def duration_display(self):
        """ "1:05" or "1:02:03" for listings and chapter lists."""
        return format_timecode(self.duration) if self.duration is not None else ""

    @property
    def display_width(self):
        return self.height if abs(self.rotation) % 180 == 90 else self.width

    @property
    def display_height(self):
        return self.width if abs(self.rotation) % 180 == 90 else self.height

    @property
    def has_text_alternative(self):
        """WCAG 1.2.2: a caption track or a transcript. Unsaved videos have no tracks yet."""
        if self.transcript.strip():
            return True
        return self.pk is not None and self.captions.exists()

    def sources(self):
        """Renditions largest first, as <source> elements and feeds list them."""
        if self.pk is None:
            return []
        return sorted(self.renditions.all(), key=lambda r: -(r.height * r.width))

    def caption_list(self):
        return list(self.captions.all()) if self.pk is not None else []

    def chapter_list(self):
        """Chapters as [{title, start, end}], each ending where the next starts."""
        chapters = sorted(self.chapters.all(), key=lambda c: c.start)
        out = []
        for position, chapter in enumerate(chapters):
            following = chapters[position + 1].start if position + 1 < len(chapters) else None
            end = following if following is not None else self.duration
            out.append({"title": chapter.title, "start": chapter.start, "end": end})
        return out

    def poster_rendition(self, spec=POSTER_SPEC):
        if self.poster is None:
            return None
        return self.poster.get_rendition(spec)

    def poster_url(self, request=None):
        rendition = self.poster_rendition()
        return absolute_url(rendition.url, request) if rendition else None

    def get_admin_url(self):
        return reverse("exercise_videos:edit", args=[self.pk])

    def feed_representation(self, request=None):
        """The one JSON shape of a video used by every feed and API."""
        poster = self.poster_rendition()
        return {
            "id": self.pk,
            "title": self.title,
            "description": self.description,
            "duration": self.duration,
            "width": self.display_width,
            "height": self.display_height,
            "poster": (
                {
                    "url": absolute_url(poster.url, request),
                    "width": poster.width,
                    "height": poster.height,
                }
                if poster
                else None
            ),
            "sources": [source.representation(request) for source in self.sources()],
            "captions": [track.representation(request) for track in self.caption_list()],
            "transcript": self.transcript,
            "chapters": self.chapter_list(),
        }

    def jsonld(self, request=None, chapters=None):
        """schema.org VideoObject (built in videos/jsonld.py), for the pages that embed it."""
        return video_object(self, request, chapters=chapters)
