from django.db import models

from videos.file_urls import absolute_url


def rendition_upload_to(instance, filename):
    return f"videos/renditions/{filename}"


class VideoRendition(models.Model):
    """One web-ready MP4 of a video (H.264 High, yuv420p, AAC, faststart)."""

    video = models.ForeignKey(
        "videos.ExerciseVideo", on_delete=models.CASCADE, related_name="renditions"
    )
    name = models.CharField(max_length=16)  # "1080p", "720p", "480p" or "360p" for small sources
    file = models.FileField(upload_to=rendition_upload_to, max_length=255)
    mime_type = models.CharField(max_length=64, default="video/mp4")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    bitrate = models.PositiveBigIntegerField(null=True, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["video", "name"], name="videos_unique_rendition_name")
        ]

    def __str__(self):
        return f"{self.video} ({self.name})"

    def representation(self, request=None):
        return {
            "url": absolute_url(self.file.url, request),
            "type": self.mime_type,
            "width": self.width,
            "height": self.height,
            "bitrate": self.bitrate,
        }
