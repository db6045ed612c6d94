"""Rich text page links that only link to pages the public can see.

Wagtail renders `<a linktype="page" id="N">` as a link to page N whatever its state, so a
public guide linking to a draft, expired, not-yet-live or login-restricted page showed the
public a link to a 404 or a login screen. This handler (registered for the `page` link type in
home/wagtail_hooks.py) keeps the link text and drops the href when the target is not public
(home/visibility.py), the same `<a>` Wagtail renders for a deleted page. It only changes how
stored rich text is rendered (`|richtext`, RichTextBlock); the admin editor converts stored
HTML with its own handlers and still shows every link.
"""

from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from home.visibility import public_page_q


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        """The public pages among the ids, in one query for all the links of one rich text.

        Plain Page rows are enough (no `.specific()`, which costs a query per page type): a
        link needs the URL only, and no page model of ours changes how its URL is made."""
        ids = [attrs.get("id") for attrs in attrs_list]
        # A hand-edited or imported id that is not a number links nowhere, rather than a 500.
        numeric = [id_ for id_ in ids if str(id_).isdigit()]
        pages = Page.objects.filter(public_page_q(), id__in=numeric)
        by_str_id = {str(page.id): page for page in pages.defer_streamfields()}
        return [by_str_id.get(str(id_)) for id_ in ids]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        tags = []
        for page in cls.get_many(attrs_list):
            url = page.localized.url if page else None
            tags.append(f'<a href="{escape(url)}">' if url else "<a>")
        return tags
