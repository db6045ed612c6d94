"""Keep the index pages' listings (education.models.listing) in step with what the public sees.

Connected in EducationConfig.ready().
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from education.models import listing


def list_published_page(sender, instance, **kwargs):
    listing.refresh_page(instance)


def unlist_unpublished_page(sender, instance, **kwargs):
    listing.refresh_page(instance)


def relist_moved_page(sender, instance, **kwargs):
    # A move can also take a whole section under a view restriction, or out of one.
    listing.refresh_subtree(instance)


def relist_restricted_section(sender, instance, origin=None, **kwargs):
    # Deleting a page deletes its restrictions first, while the page's rows are still there:
    # listing them again then would point at pages about to go.
    deleted = origin.model if isinstance(origin, QuerySet) else type(origin)
    if issubclass(deleted, Page):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        listing.refresh_subtree(page)


def connect():
    page_published.connect(list_published_page, dispatch_uid="education-listing-publish")
    page_unpublished.connect(unlist_unpublished_page, dispatch_uid="education-listing-unpublish")
    post_page_move.connect(relist_moved_page, dispatch_uid="education-listing-move")
    for signal, event in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            relist_restricted_section,
            sender=PageViewRestriction,
            dispatch_uid=f"education-listing-restriction-{event}",
        )
