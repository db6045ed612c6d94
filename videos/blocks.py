"""StreamField blocks for exercise videos."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .chooser import video_chooser_viewset

VideoChooserBlock = video_chooser_viewset.get_block_class(
    name="VideoChooserBlock", module_path="videos.blocks"
)


class VideoBlock(blocks.StructBlock):
    """A processed exercise video with its captions, chapters and transcript."""

    video = VideoChooserBlock(label=_("Video"))
    caption = blocks.CharBlock(
        required=False, max_length=255, label=_("Caption"), help_text=_("Shown under the video.")
    )

    class Meta:
        icon = "media"
        label = _("Exercise video")
        template = "videos/blocks/video_block.html"
        help_text = _("Only videos that have finished processing are shown to readers.")

    def get_api_representation(self, value, context=None):
        video = value.get("video")
        if video is None or not video.is_ready:
            return None
        request = (context or {}).get("request")
        return {"caption": value.get("caption", ""), "video": video.feed_representation(request)}
