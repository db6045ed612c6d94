"""Keep the index pages' listings (education.models.listing) in step with what the public sees.

The listings follow the one `public_pages_changed` signal (home/visibility.py, sent by
home/signals.py for Wagtail's publish, unpublish, move, view-restriction and delete events), so
this app wires none of Wagtail's page events itself. Connected in EducationConfig.ready().
"""

from education.models import listing
from home.visibility import public_pages_changed


def relist_changed_pages(sender, page, subtree=False, reason="", **kwargs):
    if reason == "delete":
        return  # the page's rows went with it (a foreign key with CASCADE)
    if reason == "unpublish":
        # Not read again: Wagtail announces it before deleting a live page, when the database
        # still has the page live.
        listing.unlist_page(page)
    elif subtree:
        # A move or a view restriction can change what is public in a whole section.
        listing.refresh_subtree(page)
    else:
        listing.refresh_page(page)


def connect():
    public_pages_changed.connect(relist_changed_pages, dispatch_uid="education-listing")
