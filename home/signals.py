"""Wagtail's page events, turned into one `public_pages_changed` signal (home/visibility.py).

Every table or cache derived from what the public sees (search entries, index listings, the
main menu, directory search documents, feeds) connects to that one signal in its own app's
signals.py, instead of each wiring publish, unpublish, move, restrictions and deletion again.
Connected in HomeConfig.ready().
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from home import menu, site_cache
from home.visibility import public_pages_changed


def announce(page, reason, subtree=False):
    public_pages_changed.send(sender=type(page), page=page, subtree=subtree, reason=reason)


def on_publish(sender, instance, **kwargs):
    announce(instance, "publish")


def on_unpublish(sender, instance, **kwargs):
    announce(instance, "unpublish")


def on_move(sender, instance, **kwargs):
    # A move can take a whole section under a view restriction, or out of one.
    announce(instance, "move", subtree=True)


def on_restriction(sender, instance, origin=None, **kwargs):
    # Deleting a page deletes its restrictions first, while the page is going too: the page's
    # own deletion is announced instead.
    deleted = origin.model if isinstance(origin, QuerySet) else type(origin)
    if issubclass(deleted, Page):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        announce(page, "restriction", subtree=True)


def on_delete(sender, instance, **kwargs):
    announce(instance, "delete")


def clear_main_menu(sender, **kwargs):
    menu.clear()


def connect():
    page_published.connect(on_publish, dispatch_uid="home-visibility-publish")
    page_unpublished.connect(on_unpublish, dispatch_uid="home-visibility-unpublish")
    post_page_move.connect(on_move, dispatch_uid="home-visibility-move")
    post_delete.connect(on_delete, sender=Page, dispatch_uid="home-visibility-delete")
    for signal, event in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            on_restriction,
            sender=PageViewRestriction,
            dispatch_uid=f"home-visibility-restriction-{event}",
        )
    public_pages_changed.connect(clear_main_menu, dispatch_uid="home-menu")
    site_cache.connect()  # its receivers live beside the cache they clear
