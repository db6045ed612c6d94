"""The cached main menu is cleared by any change that can add, remove, rename, move or hide a
top-level page (connected in apps.py)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from home import menu


def clear_main_menu(sender, **kwargs):
    menu.clear()


def connect():
    page_published.connect(clear_main_menu, dispatch_uid="home-menu-publish")
    page_unpublished.connect(clear_main_menu, dispatch_uid="home-menu-unpublish")
    post_page_move.connect(clear_main_menu, dispatch_uid="home-menu-move")
    post_delete.connect(clear_main_menu, sender=Page, dispatch_uid="home-menu-delete")
    for signal, event in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            clear_main_menu,
            sender=PageViewRestriction,
            dispatch_uid=f"home-menu-restriction-{event}",
        )
