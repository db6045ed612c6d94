"""Keep the search entries in step with what the public can see (connected in apps.py)."""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from education.models import BodyArea, Condition, Equipment
from search import indexing
from search.params import forget_taxonomy_options

# Snippets whose names are in the search text of the pages that use them (and whose slugs
# are in their filter values).
TAXONOMY = (BodyArea, Condition, Equipment)


def index_published_page(sender, instance, **kwargs):
    indexing.index_page(instance)


def drop_unpublished_page(sender, instance, **kwargs):
    indexing.remove_page(instance.pk)


def reindex_moved_page(sender, instance, **kwargs):
    # Moving under a restricted section (or out of one) changes who may see the whole subtree.
    indexing.index_subtree(instance)


def refresh_url_paths(sender, instance, **kwargs):
    indexing.refresh_url_paths(instance)


def reindex_restricted_section(sender, instance, origin=None, **kwargs):
    # Deleting a page deletes its restrictions first, its specific row already gone: the page
    # and everything under it are going, so there is nothing to index again.
    deleted = origin.model if isinstance(origin, QuerySet) else type(origin)
    if issubclass(deleted, Page):
        return
    indexing.index_subtree(instance.page)


def tagged_live_page_ids(taxon):
    """Ids of the live pages that use a taxonomy snippet, through any of its page relations
    (a routine's equipment, a guide's conditions, a modality's indications...)."""
    ids = set()
    for relation in taxon._meta.related_objects:
        if relation.many_to_many and issubclass(relation.related_model, Page):
            pages = relation.related_model.objects.live().filter(**{relation.field.name: taxon})
            ids.update(pages.values_list("pk", flat=True))
    return ids


def reindex_tagged_pages(sender, instance, created, **kwargs):
    # A new name or slug must reach the entries (search text, filter values) and the search
    # form's options; a new snippet is on no page yet.
    forget_taxonomy_options()
    if not created:
        indexing.index_pages(tagged_live_page_ids(instance))


def remember_tagged_pages(sender, instance, **kwargs):
    # The links to the pages go with the snippet: read them while they are still there.
    instance._search_tagged_page_ids = tagged_live_page_ids(instance)


def reindex_untagged_pages(sender, instance, **kwargs):
    forget_taxonomy_options()
    # The links went before the snippet did (same transaction): the pages read now lack it.
    indexing.index_pages(getattr(instance, "_search_tagged_page_ids", ()))


def connect():
    page_published.connect(index_published_page, dispatch_uid="search-publish")
    page_unpublished.connect(drop_unpublished_page, dispatch_uid="search-unpublish")
    post_page_move.connect(reindex_moved_page, dispatch_uid="search-move")
    page_slug_changed.connect(refresh_url_paths, dispatch_uid="search-slug")
    for signal, event in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            reindex_restricted_section,
            sender=PageViewRestriction,
            dispatch_uid=f"search-restriction-{event}",
        )
    for model in TAXONOMY:
        name = model._meta.model_name
        post_save.connect(reindex_tagged_pages, sender=model, dispatch_uid=f"search-{name}-save")
        pre_delete.connect(
            remember_tagged_pages, sender=model, dispatch_uid=f"search-{name}-pre-delete"
        )
        post_delete.connect(
            reindex_untagged_pages, sender=model, dispatch_uid=f"search-{name}-delete"
        )
