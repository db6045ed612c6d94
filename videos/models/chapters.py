from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable


class VideoChapter(Orderable):
    """A titled point in the video; it runs until the next chapter starts."""

    video = ParentalKey("videos.ExerciseVideo", on_delete=models.CASCADE, related_name="chapters")
    title = models.CharField(_("title"), max_length=255)
    start = models.FloatField(
        _("start (seconds)"), validators=[MinValueValidator(0)], help_text=_("e.g. 75 for 1:15")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("chapter")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        video = getattr(self, "video", None)
        duration = video.duration if video is not None else None
        if duration and self.start is not None and self.start >= duration:
            raise ValidationError(
                {"start": _("The video is only %(length)s long.") % {"length": round(duration, 1)}}
            )
