from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError


class EntryPointBlock(blocks.StructBlock):
    """A card on the home page that leads to one part of the site."""

    title = blocks.CharBlock(max_length=80)
    summary = blocks.TextBlock(max_length=240)
    page = blocks.PageChooserBlock(required=False, help_text="Link to a page on this site…")
    url = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="…or to a path such as /find-a-therapist/ (used when no page is chosen).",
    )
    link_text = blocks.CharBlock(max_length=40, default="Explore")

    class Meta:
        icon = "link"
        template = "home/blocks/entry_point.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Choose a page or enter a path.")}
            )
        url = value.get("url") or ""
        if url and not (url.startswith("/") or url.startswith("https://")):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Use a site path (/…) or an https:// URL.")}
            )
        return value


class SocialProfileBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        choices=[
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("linkedin", "LinkedIn"),
            ("youtube", "YouTube"),
            ("mastodon", "Mastodon"),
            ("other", "Other"),
        ]
    )
    url = blocks.URLBlock()

    class Meta:
        icon = "site"
