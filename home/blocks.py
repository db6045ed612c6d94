from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from home.links import safe_href, validate_http_url


class HttpURLBlock(blocks.URLBlock):
    """A URL block that takes http(s) URLs only (validate_http_url) and, whatever was stored
    (an import, an older row, raw SQL), never gives its templates or API anything else."""

    def __init__(self, *args, validators=(), **kwargs):
        super().__init__(*args, validators=[validate_http_url, *validators], **kwargs)

    def to_python(self, value):
        return safe_href(super().to_python(value), relative=False)


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
        if url and not is_site_path_or_https(url):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Use a site path (/…) or an https:// URL.")}
            )
        return value


def is_site_path_or_https(url):
    """'/find-a-therapist/' or 'https://…'; never '//host' or '/\\host' (another site)."""
    if not safe_href(url):
        return False
    if url.startswith("/"):
        return True
    if not url.startswith("https://"):
        return False
    try:
        validate_http_url(url)
    except ValidationError:
        return False
    return True


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
    url = HttpURLBlock()

    class Meta:
        icon = "site"
