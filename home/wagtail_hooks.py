"""Admin and serving hooks only."""

from django.http import Http404
from django.utils import timezone
from wagtail import hooks

from home.rich_text import PublicPageLinkHandler
from home.visibility import in_window


@hooks.register("before_serve_page")
def hide_pages_outside_their_window(page, request, serve_args, serve_kwargs):
    """A live page before its go-live time or past its expiry is a 404, even in the minutes
    before publish_scheduled unpublishes it (the rule is checked when read,
    home/visibility.py). Wagtail's routing already refuses pages that are not live, and its
    own hook asks for the login or password of a restricted one. Previews are not served
    through this hook, so editors still preview scheduled pages."""
    if not page.live or not in_window(page, timezone.now()):
        raise Http404


@hooks.register("register_rich_text_features", order=100)
def link_rich_text_to_public_pages_only(features):
    """Rich text page links to a page the public cannot see render without an href
    (home/rich_text.py). Ordered after Wagtail's own hook, which registers its handler for
    the same `page` link type; the last registration wins."""
    features.register_link_type(PublicPageLinkHandler)
